"""A log of what was done to a statement wall's statements as a whole:
exports, imports and the purges of contact details and names.

These entries name a statement index page, but they are not the page's
history: Wagtail shows a page's log entries to everyone who may edit the
page, editors included, and an export or a purge is the business of those
who may export statements.

They are rows of Wagtail's own ``ModelLogEntry`` whose content type is
:class:`StatementPageLogEntry`'s, the content type that also holds the
``export_statements`` permission: Wagtail shows a model's log entries to the
users holding a permission of that content type, so Reports → Site history
lists them for those who may export, and for nobody else. A log table of
their own would do the same, but a third log table makes Site history's
union of tables fail on SQLite with Django 6.1.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry
from wagtail.models.audit_log import ModelLogEntryManager


def _content_type():
    return ContentType.objects.get_for_model(
        StatementPageLogEntry, for_concrete_model=False
    )


class StatementPageLogEntryManager(ModelLogEntryManager):
    def get_queryset(self):
        return super().get_queryset().filter(content_type=_content_type())


class StatementPageLogEntry(ModelLogEntry):
    """An export, import or purge, logged against a statement index page
    (``object_id`` is the page's id)."""

    objects = StatementPageLogEntryManager()

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("export_statements", _("Can export statements"))]
        verbose_name = _("statement wall log entry")
        verbose_name_plural = _("statement wall log entries")


def log_on_page(page, action, user=None, data=None):
    """Write one entry about ``page``'s statements; ``data`` must hold no
    private data (counts, filters and durations only)."""
    context = get_active_log_context()
    return StatementPageLogEntry.objects.create(
        content_type=_content_type(),
        object_id=str(page.pk),
        label=page.title,
        action=action,
        data=data or {},
        user=user or context.user,
        uuid=context.uuid,
        timestamp=timezone.now(),
    )
