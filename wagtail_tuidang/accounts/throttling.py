"""Login throttling through django-axes, without keeping anyone's address.

django-axes counts failed sign-ins and refuses a locked-out account even with
the right password. Its default handler stores each attempt's IP address and
user agent in the database; rule 1 of the design forbids that. The settings
in docs/how-to/secure-staff-accounts.md therefore count failures per
username only, in the cache (under a hash of the username), and give axes no
client address at all (:func:`no_client_address`).

A cache outage must not turn the sign-in page into a 500, nor switch the
throttle off: :class:`ForgivingAxesCacheHandler` counts in a per-process
memory while the shared cache fails.
"""

import logging

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache, get_cool_off, get_failure_limit
from django.core.cache.backends.locmem import LocMemCache
from django.shortcuts import render

from ..cache import report_failure

logger = logging.getLogger(__name__)

LOCKOUT_TEMPLATE = "wagtail_tuidang/accounts/locked_out.html"


def no_client_address(request):
    """``AXES_CLIENT_IP_CALLABLE``: axes never learns the client's address,
    so it can neither store nor log it."""
    return None


class FallbackCache:
    """The shared cache, or a memory of this process while it fails.

    Counting per process during an outage still throttles a password
    guesser (each process allows ``AXES_FAILURE_LIMIT`` tries), where
    treating the failure as a miss would let every guess through.
    """

    def __init__(self):
        # No default expiry: axes gives every count its own with ``touch``.
        self.local = LocMemCache("wagtail-tuidang-axes-fallback", {"TIMEOUT": None})

    @property
    def cache(self):
        """axes' cache (``AXES_CACHE``), looked up per call: cache
        connections belong to a thread, and settings may change in tests."""
        return get_cache()

    def _call(self, name, *args, **kwargs):
        try:
            return getattr(self.cache, name)(*args, **kwargs)
        except Exception as error:  # each cache client raises its own
            report_failure("login throttle", error)
            return getattr(self.local, name)(*args, **kwargs)

    def get(self, key, default=None, **kwargs):
        # The larger of both counts: a forgiving backend answers a failed
        # read with the default instead of raising, and the count of an
        # outage lives in this process only.
        counts = [self._call("get", key, None, **kwargs), self.local.get(key)]
        counts = [count for count in counts if count is not None]
        return max(counts) if counts else default

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def incr(self, key, delta=1, **kwargs):
        try:
            return self.cache.incr(key, delta=delta, **kwargs)
        except Exception as error:  # as in _call
            report_failure("login throttle", error)
            # The key may exist only in the shared cache, which cannot be
            # read now: start this process's count at one.
            if not self.local.add(key, delta, **kwargs):
                return self.local.incr(key, delta=delta)
            return delta

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        self.local.delete(key)
        return self._call("delete", key, *args, **kwargs)


class ForgivingAxesCacheHandler(AxesCacheHandler):
    """``AXES_HANDLER``: axes' cache handler on a :class:`FallbackCache`."""

    def __init__(self):
        self.cache = FallbackCache()


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: a translated page in the admin's style,
    with status 429, instead of axes' bare text."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    # Rendered now: axes swaps it in after the view, past template rendering.
    return render(
        request,
        LOCKOUT_TEMPLATE,
        {
            "failure_limit": get_failure_limit(request, credentials),
            "cool_off_minutes": minutes,
        },
        status=429,
    )
