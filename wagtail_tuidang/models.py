"""Public models of wagtail_tuidang (see docs/reference).

Page *mixins* live in :mod:`wagtail_tuidang.statements.mixins`; the ready-made
page types in :mod:`wagtail_tuidang.pages.models`.
"""

from .statements.models import Statement, StatementTally

__all__ = ["Statement", "StatementTally"]
