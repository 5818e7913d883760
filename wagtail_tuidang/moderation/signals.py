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


#: Set on a new statement whose news for moderators went with its
#: submission's own cache calls (see :class:`SubmissionNews`).
NEWS_QUEUED = "_tuidang_moderation_news_queued"


@receiver(post_save, sender=Statement, dispatch_uid="tuidang_moderation_new")
def statement_submitted(sender, instance, created, raw=False, **kwargs):
    """Once a new statement has committed, update the queue's count and let
    moderators know, at most once per interval."""
    if created and not raw and not getattr(instance, NEWS_QUEUED, False):
        # Robust: the statement is stored, and its receipt must be shown
        # whatever happens to these conveniences (Django logs the error).
        transaction.on_commit(_after_submission, robust=True)


def _after_submission():
    # Both in one round trip to Redis.
    batch = cache.Batch()
    counts.forget_pending_count(batch)
    enqueue_if_due = notifications.queue_digest(batch)
    enqueue_if_due(batch.run())


class SubmissionNews:
    """What a statement about to be stored tells moderators, queued on
    ``batch`` (a :class:`~wagtail_tuidang.cache.Batch` of the default
    cache, not yet run) with the submission's own checks, so that no round
    trip to the cache follows the commit: the queue's cached counts are
    dropped, and the digest's turn is taken if it is due.

    Once the batch has run, call :meth:`mark` with the statement before it
    is saved, then :meth:`stored` once it is known whether it was stored.
    Dropped before the commit, a count read in between is kept without the
    new statement for at most ``counts.PENDING_CACHE_SECONDS`` (the queue's
    tabs, ``tabs.TABS_CACHE_SECONDS``): the lag those counts allow anyway."""

    def __init__(self, batch):
        self.batch = batch
        counts.forget_pending_count(batch)
        self._enqueue_if_due = notifications.queue_digest(batch)

    def mark(self, statement):
        """Mark ``statement`` as told, so that :func:`statement_submitted`
        does not tell moderators again."""
        setattr(statement, NEWS_QUEUED, True)

    def stored(self, saved):
        """Enqueue the digest, if its turn was taken, once the statement has
        committed (``saved``); a turn taken for a statement that was not
        stored is given back."""
        answers, enqueue_if_due = self.batch.answers, self._enqueue_if_due
        if not saved:
            enqueue_if_due(answers, give_back=True)
            return

        def digest_due():
            enqueue_if_due(answers)

        # Robust, as statement_submitted's: the receipt is shown whatever
        # happens here (Django logs the error, under this hook's name).
        transaction.on_commit(digest_due, robust=True)
