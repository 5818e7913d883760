"""Single-use tokens: a form's render token and a proof-of-work challenge
count once.

:func:`spend` remembers a keyed hash of the token until it expires: in the
rate-limit cache, or, while that cache cannot be reached, in the database
(:class:`~.models.SpentToken`). It answers whether this was the first use.
When neither can record it, the answer is "not the first": the statement is
still stored, flagged for a moderator, never passed as fresh (fail closed).
:class:`Spending` spends several tokens of one submission together: in the
same round trip to Redis as the submission's other cache calls (a
:class:`~wagtail_tuidang.cache.Batch`), and with one query for all of them.
"""

import datetime
import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .. import cache
from ..conf import get_setting
from .models import SpentToken

logger = logging.getLogger(__name__)

SALT = "wagtail_tuidang.statements.spent"


def digest(kind, token):
    """The keyed hash under which ``token`` of ``kind`` is remembered: never
    the token itself, which could be replayed by whoever read the store."""
    return salted_hmac(SALT, f"{kind}\x1f{token}", algorithm="sha256").hexdigest()


def spend(kind, token, timeout):
    """Mark ``token`` of ``kind`` ("render", "proof") used for ``timeout``
    seconds. True on its first use, False if it was used before or if its
    use could not be recorded anywhere."""
    batch = cache.Batch(using=get_setting("RATELIMIT_CACHE"))
    spending = Spending(batch)
    spending.spend(kind, token, timeout)
    return spending.first_uses(batch.run())[kind]


class Spending:
    """Tokens spent together, queued on ``batch`` (a
    :class:`~wagtail_tuidang.cache.Batch` of the rate-limit cache): call
    :meth:`spend` for each, run the batch, then :meth:`first_uses`."""

    def __init__(self, batch):
        self.batch = batch
        self._tokens = []  # (kind, digest, timeout, index of the answer)

    def spend(self, kind, token, timeout):
        """Queue ``token`` of ``kind`` to be marked used for ``timeout`` seconds."""
        key = digest(kind, token)
        index = self.batch.add(f"wagtail_tuidang:spent:{key}", True, timeout)
        self._tokens.append((kind, key, timeout, index))

    def first_uses(self, answers):
        """``{kind: True on the token's first use}`` from the batch's
        ``answers``, as :func:`spend` answers for each token."""
        first, fresh = self._cache_answers(answers)
        if fresh:
            # A token spent during a cache outage is remembered in the
            # database only: one query for every token the cache took as new.
            known = set(
                _spent_in_database(fresh).values_list("digest", flat=True).order_by()
            )
            first.update({kind: key not in known for kind, key in fresh.items()})
        return first

    def cache_first_uses(self, answers):
        """:meth:`first_uses` without its query: ``(first_uses, queryset)``,
        where each token the cache took as new counts as a first use, and the
        queryset (None when there is nothing to look up) finds any of them
        among the tokens spent in the database during a cache outage. A
        caller runs it with a query of its own; a row it finds means a token
        was used before."""
        first, fresh = self._cache_answers(answers)
        first.update(dict.fromkeys(fresh, True))
        return first, (_spent_in_database(fresh) if fresh else None)

    def _cache_answers(self, answers):
        """The first uses the batch's ``answers`` decide (a token the cache
        could not record is spent in the database here), and ``{kind: key}``
        of the tokens the cache took as new."""
        first, fresh = {}, {}
        for kind, key, timeout, index in self._tokens:
            added = answers[index]
            if added is None:
                first[kind] = _spend_in_database(key, timeout)
            elif added:
                fresh[kind] = key
            else:
                first[kind] = False
        return first, fresh


def _spent_in_database(keys_by_kind):
    return SpentToken.objects.filter(digest__in=list(keys_by_kind.values()))


def _spend_in_database(key, timeout):
    now = timezone.now()
    try:
        with transaction.atomic():
            SpentToken.objects.filter(expires_at__lt=now).delete()
            SpentToken.objects.create(
                digest=key, expires_at=now + datetime.timedelta(seconds=timeout)
            )
    except IntegrityError:
        return False
    except DatabaseError as error:
        logger.warning("A spent token could not be recorded: %s", type(error).__name__)
        return False
    return True
