"""Single-use tokens: a form's render token and a proof-of-work challenge
count once.

:func:`spend` remembers a keyed hash of the token until it expires: in the
rate-limit cache, or, while that cache cannot be reached, in the database
(:class:`~.models.SpentToken`). It answers whether this was the first use.
When neither can record it, the answer is "not the first": the statement is
still stored, flagged for a moderator, never passed as fresh (fail closed).
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
    key = digest(kind, token)
    added = cache.add(
        f"wagtail_tuidang:spent:{key}",
        True,
        timeout=timeout,
        using=get_setting("RATELIMIT_CACHE"),
    )
    if added is None:
        return _spend_in_database(key, timeout)
    # A token spent during a cache outage is remembered in the database only.
    return added and not SpentToken.objects.filter(digest=key).exists()


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
