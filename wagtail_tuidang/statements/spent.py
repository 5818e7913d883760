"""Single-use tokens: a form's render token and a proof-of-work challenge
count once.

:class:`Spending` remembers a keyed hash of each token of one submission
until it expires: in the rate-limit cache, in the same round trip to Redis
as the submission's other cache calls (a
:class:`~wagtail_tuidang.cache.Batch`), or, while that cache cannot be
reached, in the database (:class:`~.models.SpentToken`). It answers whether
this was each token's first use. When neither can record a token, the
answer is "not the first": the statement is still stored, flagged for a
moderator, never passed as fresh (fail closed). A token the cache took as
new may still have been spent in the database during an outage: that is
asked with the submission's own query (see :meth:`Spending.first_uses`).
"""

import datetime
import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import questions
from .models import SpentToken

logger = logging.getLogger(__name__)

SALT = "wagtail_tuidang.statements.spent"


def digest(kind, token):
    """The keyed hash under which ``token`` of ``kind`` is remembered: never
    the token itself, which could be replayed by whoever read the store."""
    return salted_hmac(SALT, f"{kind}\x1f{token}", algorithm="sha256").hexdigest()


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
        """``({kind: True on the token's first use}, question)`` from the
        batch's ``answers``. A token the cache could not record is spent in
        the database here. Each token the cache took as new counts as a
        first use, and the question (a :class:`.questions.Rows`, None when
        there is none) finds any of them among the tokens spent in the
        database during a cache outage: the caller asks it with a query of
        its own, and a row it finds means a token was used before."""
        first, fresh = {}, {}
        for kind, key, timeout, index in self._tokens:
            added = answers[index]
            if added is None:
                first[kind] = _spend_in_database(key, timeout)
            elif added:
                fresh[kind] = key
            else:
                first[kind] = False
        first.update(dict.fromkeys(fresh, True))
        spent_before = None
        if fresh:
            spent_before = questions.Rows(SpentToken, {"digest": list(fresh.values())})
        return first, spent_before


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
