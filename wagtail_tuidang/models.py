"""Public models of wagtail_tuidang (see docs/reference).

Page *mixins* live in :mod:`wagtail_tuidang.statements.mixins`; the ready-made
page types in :mod:`wagtail_tuidang.pages.models`.
"""

from .articles.models import ArticleCategory, Author
from .cdn.models import BlockUsage
from .moderation.models import RealNameConfirmation
from .moderation.page_log import StatementPageLogEntry
from .sharing.models import ShareSettings
from .statements.models import Statement, StatementRegionTally, StatementTally
from .volunteers.models import VolunteerEntry
from .workflows.models import DistinctReviewersApprovalTask, ReviewerApproval

__all__ = [
    "ArticleCategory",
    "Author",
    "BlockUsage",
    "DistinctReviewersApprovalTask",
    "RealNameConfirmation",
    "ReviewerApproval",
    "ShareSettings",
    "Statement",
    "StatementPageLogEntry",
    "StatementRegionTally",
    "StatementTally",
    "VolunteerEntry",
]
