"""Limits that hold during a flood: per address, per network, for everyone,
and on the pending queue.

Each submission counts once under the client's address, its network (an
IPv6 /64, limited as one address; an IPv4 /24) and its IPv6 /48, and once
for everyone, in the rate-limit cache, under keyed hashes that change with
every window (see :mod:`.client`); no address is kept. Crossing a limit
never refuses a statement: it is stored flagged, "over the rate limit" for
one client or network, "sent during a flood" for the global rate or the
pending ceiling, and moderators are alerted once per interval (see
:mod:`..moderation.flood_alerts`). While the cache cannot be reached nothing
is counted and every statement is flagged "rate limit unknown".
"""

from .. import cache
from ..conf import get_setting
from .choices import Status
from .client import current_window, network_keys
from .models import Statement

PREFIX = "wagtail_tuidang:ratelimit"
#: Setting of the limit of each scope of :func:`.client.network_keys`.
SCOPE_SETTINGS = {
    "address": "RATELIMIT_SUBMISSIONS",
    "v6net": "RATELIMIT_SUBMISSIONS",
    "v4net": "RATELIMIT_NETWORK_SUBMISSIONS",
    "v6site": "RATELIMIT_SITE_SUBMISSIONS",
}
CEILING_CACHE_KEY = "wagtail_tuidang:ratelimit:pending-over-ceiling"
#: Seconds the pending queue's "over its ceiling" answer is reused.
CEILING_CACHE_SECONDS = 60


def client_limit_keys(request):
    """``{cache key: limit}`` of the client's address and networks."""
    return {
        f"{PREFIX}:submit:{key}": get_setting(SCOPE_SETTINGS[scope])
        for scope, key in network_keys(request, "submit").items()
    }


def global_key():
    """The cache key counting everyone's submissions in this window."""
    return f"{PREFIX}:submit:global:{current_window()}"


def limit_keys(request):
    """Every counter a submission from ``request`` adds to, with its limit."""
    keys = client_limit_keys(request)
    keys[global_key()] = get_setting("RATELIMIT_GLOBAL_SUBMISSIONS")
    return keys


def count_submission(request):
    """Count a submission from ``request`` and return its flags:
    ``flag_rate_limited`` (the address or a network over its limit),
    ``flag_flood`` (the global rate or the pending ceiling crossed) and
    ``flag_rate_limit_unknown`` (the cache could not be reached)."""
    batch = cache.Batch(using=get_setting("RATELIMIT_CACHE"))
    flags = queue_submission(batch, request)
    return flags(batch.run())


def queue_submission(batch, request):
    """:func:`count_submission` on ``batch``, a
    :class:`~wagtail_tuidang.cache.Batch` of the rate-limit cache not yet
    run: the counts and the pending ceiling's cached answer are queued
    there; returns a function that takes the batch's answers and gives the
    flags."""
    window = get_setting("RATELIMIT_WINDOW")
    limits = {**client_limit_keys(request), global_key(): None}
    counted = [(batch.count(key, window), limit) for key, limit in limits.items()]
    ceiling = _queue_ceiling(batch)

    def flags(answers):
        counts = [answers[index] for index, _limit in counted]
        if None in counts:  # the cache failed (logged once, without a key)
            return {
                "flag_rate_limited": False,
                "flag_flood": False,
                "flag_rate_limit_unknown": True,
            }
        crowd_limit = get_setting("RATELIMIT_GLOBAL_SUBMISSIONS")
        over = [
            count > (crowd_limit if limit is None else limit)
            for count, (_index, limit) in zip(counts, counted, strict=True)
        ]
        return _flags(client=any(over[:-1]), crowd=over[-1], ceiling=ceiling(answers))

    return flags


def _flags(client, crowd, ceiling):
    from ..moderation.flood_alerts import alert  # mail and banner, once an interval

    if crowd:
        alert("global")
    if ceiling:
        alert("ceiling")
    return {
        "flag_rate_limited": client,
        "flag_flood": crowd or ceiling,
        "flag_rate_limit_unknown": False,
    }


def pending_over_ceiling():
    """True if more statements than ``PENDING_CEILING`` are pending.

    Counted at most once a minute, and never past the ceiling: the query
    reads at most ceiling + 1 rows of the status index, however long the
    queue, and its answer is shared through the cache."""
    batch = cache.Batch(using=get_setting("RATELIMIT_CACHE"))
    return _queue_ceiling(batch)(batch.run())


def _queue_ceiling(batch):
    """Queue the read of the ceiling's cached answer on ``batch``; a
    function of the batch's answers that gives the answer, counting when the
    cache had none."""
    ceiling = get_setting("PENDING_CEILING")
    if not ceiling:
        return lambda answers: False
    index = batch.get(CEILING_CACHE_KEY)

    def over_ceiling(answers):
        over = answers[index]
        if over is None:
            pending = Statement.objects.filter(status=Status.PENDING).order_by()
            over = pending[: ceiling + 1].count() > ceiling
            cache.set(
                CEILING_CACHE_KEY,
                over,
                CEILING_CACHE_SECONDS,
                using=get_setting("RATELIMIT_CACHE"),
            )
        return over

    return over_ceiling
