"""Keyset pagination over published statements, newest first.

A page is fetched with ``WHERE (published_at, id) < cursor ORDER BY
published_at DESC, id DESC LIMIT n + 1``, which the partial index on published
rows serves at the same cost on the first page and the millionth; ``OFFSET``
would read every row it skips. Links carry an opaque, URL-safe cursor instead
of a page number.

The position is encrypted (AES-SIV, deterministic, with a key derived from
``SECRET_KEY``): the sequential id inside it would otherwise tell anyone
reading a link how many statements the site has received, and how fast.
Deterministic encryption keeps one URL per position, so the CDN caches each
page once. A cursor that was edited, truncated, or made with another key
fails to decrypt and is reported as :class:`InvalidCursor`.
"""

import base64
import binascii
import datetime
import hashlib
import struct
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from django.conf import settings
from django.db.models import Q
from django.utils.crypto import salted_hmac

OLDER = "o"
NEWER = "n"
#: Longest cursor accepted before decoding; real ones are 44 characters.
MAX_CURSOR_LENGTH = 100
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# Ids must fit a signed 64-bit column on every database.
MAX_ID = 2**63 - 1
#: direction, microseconds since the epoch, id.
PAYLOAD = struct.Struct(">cqq")
KEY_SALT = "wagtail_tuidang.statements.pagination.cursor"


def _cipher():
    """AES-SIV under a key derived from ``SECRET_KEY`` (read at call time,
    so ``override_settings`` and key rotation take effect)."""
    seed = salted_hmac(KEY_SALT, "cursor", secret=settings.SECRET_KEY).digest()
    return AESSIV(hashlib.sha512(seed).digest()[:32])


class InvalidCursor(ValueError):
    """The cursor was truncated, edited or is not one of ours."""


@dataclass(frozen=True)
class Cursor:
    """A position between two statements, and the direction to read from it."""

    direction: str
    published_at: datetime.datetime
    id: int

    @classmethod
    def after(cls, statement, direction):
        return cls(direction, statement.published_at, statement.pk)

    def encode(self):
        micros = (self.published_at - EPOCH) // datetime.timedelta(microseconds=1)
        payload = PAYLOAD.pack(self.direction.encode("ascii"), micros, self.id)
        sealed = _cipher().encrypt(payload, None)
        return base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token):
        """Read a cursor made by :meth:`encode`, or raise ``InvalidCursor``."""
        if not token or len(token) > MAX_CURSOR_LENGTH:
            raise InvalidCursor(token)
        try:
            padded = token + "=" * (-len(token) % 4)
            sealed = base64.urlsafe_b64decode(padded.encode("ascii"))
            direction, micros, pk = PAYLOAD.unpack(_cipher().decrypt(sealed, None))
            direction = direction.decode("ascii")
            published_at = EPOCH + datetime.timedelta(microseconds=micros)
        except (
            InvalidTag,
            ValueError,
            OverflowError,
            struct.error,
            binascii.Error,
        ) as error:
            raise InvalidCursor(token) from error
        if direction not in (OLDER, NEWER) or not 0 < pk <= MAX_ID:
            raise InvalidCursor(token)
        return cls(direction, published_at, pk)

    def condition(self):
        """Rows strictly beyond this position in the cursor's direction.

        Spelled ``t <= T AND (t < T OR id < I)`` rather than ``t < T OR (t = T
        AND id < I)``: the leading range lets the database seek in the index
        instead of filtering every row before the cursor.
        """
        when = self.published_at
        if self.direction == OLDER:
            return Q(published_at__lte=when) & (
                Q(published_at__lt=when) | Q(id__lt=self.id)
            )
        return Q(published_at__gte=when) & (
            Q(published_at__gt=when) | Q(id__gt=self.id)
        )


@dataclass
class KeysetPage:
    """One page of statements, newest first, and cursors to its neighbours.

    ``older`` and ``newer`` are encoded cursors, or ``None`` at either end.
    A neighbour the reader came from is assumed to exist rather than checked,
    which saves a query; if its statements were withdrawn meanwhile, that link
    leads to an empty page offering the newest statements.
    """

    items: list = field(default_factory=list)
    older: str | None = None
    newer: str | None = None


def first_rows(queryset, order, limit):
    """The first ``limit`` rows of ``queryset`` in ``order`` (one query)."""
    return list(queryset.order_by(*order)[:limit])


def paginate(queryset, per_page, cursor=None, fetch=first_rows):
    """Return the :class:`KeysetPage` of ``queryset`` at ``cursor`` (one
    query with the default ``fetch``: a function like :func:`first_rows`,
    which a search may replace with one that finds the same rows faster)."""
    if cursor is not None:
        queryset = queryset.filter(cursor.condition())
    if cursor is not None and cursor.direction == NEWER:
        # Read upwards from the cursor, then show the rows newest first.
        rows = fetch(queryset, ("published_at", "id"), per_page + 1)
        more_newer = len(rows) > per_page
        return _page(rows[:per_page][::-1], more_older=True, more_newer=more_newer)
    rows = fetch(queryset, ("-published_at", "-id"), per_page + 1)
    return _page(
        rows[:per_page],
        more_older=len(rows) > per_page,
        more_newer=cursor is not None,
    )


def _page(items, more_older, more_newer):
    if not items:
        return KeysetPage()
    return KeysetPage(
        items=items,
        older=Cursor.after(items[-1], OLDER).encode() if more_older else None,
        newer=Cursor.after(items[0], NEWER).encode() if more_newer else None,
    )
