"""A log of what was done to a statement wall's statements as a whole:
exports, imports and the purges of contact details and names.

These entries name a statement index page, but they are not the page's
history: Wagtail shows a page's log entries to everyone who may edit the
page, editors included, and an export or a purge is the business of those
who may export statements. They are kept in a table of their own, which
Reports → Site history shows only to those users.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from . import permissions


class StatementPageLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(
                instance, for_concrete_model=False
            ),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """All entries for users who may export statements, none otherwise."""
        if permissions.has(user, permissions.EXPORT):
            return self.all()
        return self.none()


class StatementPageLogEntry(BaseLogEntry):
    """An export, import or purge, logged against a statement index page."""

    object_id = models.CharField(max_length=255, blank=False, db_index=True)

    objects = StatementPageLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("statement wall log entry")
        verbose_name_plural = _("statement wall log entries")

    def __str__(self):
        return f"StatementPageLogEntry {self.pk}: {self.action} on {self.object_id}"


def log_on_page(page, action, user=None, data=None):
    """Write one entry about ``page``'s statements; ``data`` must hold no
    private data (counts, filters and durations only)."""
    context = get_active_log_context()
    return StatementPageLogEntry.objects.log_action(
        page.specific,
        action,
        user=user or context.user,
        uuid=context.uuid,
        data=data or {},
    )


def register_log_entry_model(actions):
    """Make Site history read this table (the ``register_log_actions``
    hook). Wagtail registers log tables by the model they log; nothing is
    logged through this registration, which only lists the table."""
    actions.register_model(StatementPageLogEntry, StatementPageLogEntry)
