"""Audit entries of exports, in Wagtail's log.

An export is logged against each statement index page it covers (a page
history is where an editor looks for "who took these statements out"), with
the filters and whether contact details were included: never a name, a text
or a contact detail.
"""

from ..moderation.log_actions import EXPORT, IMPORT
from ..moderation.page_log import log_on_page
from ..statements.index_pages import statement_index_pages


def log_export(user, page=None, **data):
    """Write one ``wagtail_tuidang.export`` entry per page covered."""
    pages = [page] if page is not None else list(statement_index_pages())
    for each in pages:
        log_on_page(each, EXPORT, user=user, data=data)


def log_import(user, page, outcome):
    """Write one ``wagtail_tuidang.import`` entry with the counts only."""
    data = {
        "created": outcome.created,
        "existing": outcome.existing,
        "invalid": outcome.invalid,
        "processed": outcome.processed,
    }
    log_on_page(page, IMPORT, user=user, data=data)
