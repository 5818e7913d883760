"""What moderation does when a statement is submitted or changes status.

``transitions.status_changed`` is sent only after the change committed and
only by the one transition that won a race, so the audit entry written here
exists exactly when the change does: a rolled-back or refused decision logs
nothing, and two moderators deciding at once log one entry.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .. import cache
from ..statements.models import Statement
from ..statements.transitions import status_changed
from . import counts, log_actions, notifications


@receiver(status_changed, sender=Statement, dispatch_uid="tuidang_moderation_log")
def log_status_change(sender, statement, old_status, new_status, user, action, **kw):
    """Record a decision (or a withdrawal) in the audit log."""
    log_actions.log(
        statement,
        log_actions.PREFIX + action,
        user=user,
        old_status=str(old_status),
        new_status=str(new_status),
    )
    counts.forget_pending_count()


@receiver(post_save, sender=Statement, dispatch_uid="tuidang_moderation_new")
def statement_submitted(sender, instance, created, raw=False, **kwargs):
    """Once a new statement has committed, update the queue's count and let
    moderators know, at most once per interval."""
    if created and not raw:
        # Robust: the statement is stored, and its receipt must be shown
        # whatever happens to these conveniences (Django logs the error).
        transaction.on_commit(_after_submission, robust=True)


def _after_submission():
    # Both in one round trip to Redis.
    batch = cache.Batch()
    counts.forget_pending_count(batch)
    enqueue_if_due = notifications.queue_digest(batch)
    enqueue_if_due(batch.run())
