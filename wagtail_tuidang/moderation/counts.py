"""Figures about the moderation queue: how many statements wait, and why.

Only counts: these figures go into the admin menu and into e-mails, which
must never carry a name, a statement's text or contact details.
"""

import operator
from functools import reduce

from django.db.models import Count, Q

from .. import cache
from ..statements.choices import Status
from ..statements.models import FLAG_FIELDS, Statement

PENDING_CACHE_KEY = "wagtail_tuidang:moderation:pending"
#: Seconds the menu's pending count may lag behind: when nothing invalidates
#: it, or when it was read between a submission's invalidation and its
#: commit (see :class:`~wagtail_tuidang.moderation.signals.SubmissionNews`).
PENDING_CACHE_SECONDS = 60
TABS_CACHE_KEY = "wagtail_tuidang:moderation:tabs"

#: Any anti-spam flag raised.
FLAGGED = reduce(operator.or_, (Q(**{name: True}) for name in FLAG_FIELDS))
#: No anti-spam flag raised, written as the partial index of migration
#: 0024 is (each flag false), so that PostgreSQL uses it.
UNFLAGGED = Q(**dict.fromkeys(FLAG_FIELDS, False))
REAL_NAME_WAITING = Q(
    is_real_name=True, consent_real_name=True, real_name_confirmed=False
)


def pending_count():
    """Statements waiting for review; one query on a cache miss, none on a hit."""
    count = cache.get(PENDING_CACHE_KEY)
    if count is None:
        count = Statement.objects.filter(status=Status.PENDING).count()
        cache.set(PENDING_CACHE_KEY, count, PENDING_CACHE_SECONDS)
    return count


def forget_pending_count(batch=None):
    """Drop the cached counts after a submission or a decision; with
    ``batch`` (a :class:`~wagtail_tuidang.cache.Batch` of the default
    cache), queued there, to go with the batch's other calls."""
    if batch is None:
        cache.delete_many([PENDING_CACHE_KEY, TABS_CACHE_KEY])
        return
    batch.delete(PENDING_CACHE_KEY)
    batch.delete(TABS_CACHE_KEY)


def queue_figures():
    """``pending``, ``flagged`` and ``real_names`` (awaiting confirmation)
    among pending statements, in one query."""
    return Statement.objects.filter(status=Status.PENDING).aggregate(
        pending=Count("pk"),
        flagged=Count("pk", filter=FLAGGED),
        real_names=Count("pk", filter=REAL_NAME_WAITING),
    )
