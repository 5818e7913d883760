"""Cache calls that never fail: the cache is an accelerator, not a dependency.

Every read and write the plugin makes to a cache goes through these
functions. A cache that cannot be reached (Redis stopped, a full disk, a
network split) behaves as an empty cache that forgets what it is told: a read
is a miss, a write does nothing, and the caller computes the value from the
database as it would on a cold start.

Each function takes ``using``: a cache alias from ``CACHES`` (``"default"``
unless told otherwise) or a cache backend object (as Wagtail's rendition
cache is). Failures are logged as one warning per alias every
:data:`WARNING_INTERVAL` seconds, naming only the alias and the exception's
class: a key or a value may hold a hashed client key or a receipt's figures,
and an outage must not fill the logs.
"""

import logging
import threading
import time

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

#: Seconds between two warnings about the same unreachable cache.
WARNING_INTERVAL = 60

_last_warning = {}
_warning_lock = threading.Lock()


class CacheUnavailable(Exception):
    """Raised by :func:`incr` when the cache could not be reached: unlike a
    missing key, the count is unknown."""


def _backend(using):
    return caches[using] if isinstance(using, str) else using


def _name(using):
    return using if isinstance(using, str) else type(using).__name__


def report_failure(name, error):
    """Log that the cache ``name`` failed, at most once per interval; the
    exception's class only, as its message may quote a key."""
    now = time.monotonic()
    with _warning_lock:
        last = _last_warning.get(name)
        if last is not None and now - last < WARNING_INTERVAL:
            return
        _last_warning[name] = now
    logger.warning(
        "Cache %r unavailable (%s); serving without it.", name, type(error).__name__
    )


def get(key, default=None, *, using=DEFAULT_CACHE_ALIAS):
    """The cached value of ``key``, or ``default`` on a miss or a failure."""
    try:
        return _backend(using).get(key, default)
    except Exception as error:  # each backend raises its own errors
        report_failure(_name(using), error)
        return default


def get_many(keys, *, using=DEFAULT_CACHE_ALIAS):
    """A dict of the ``keys`` found; empty when the cache failed."""
    try:
        return _backend(using).get_many(keys)
    except Exception as error:
        report_failure(_name(using), error)
        return {}


def set(key, value, timeout=DEFAULT_TIMEOUT, *, using=DEFAULT_CACHE_ALIAS):
    """Cache ``value`` under ``key``; does nothing when the cache failed."""
    try:
        _backend(using).set(key, value, timeout)
    except Exception as error:
        report_failure(_name(using), error)


def set_many(mapping, timeout=DEFAULT_TIMEOUT, *, using=DEFAULT_CACHE_ALIAS):
    """Cache every item of ``mapping``; does nothing when the cache failed."""
    try:
        _backend(using).set_many(mapping, timeout)
    except Exception as error:
        report_failure(_name(using), error)


def add(key, value, timeout=DEFAULT_TIMEOUT, *, using=DEFAULT_CACHE_ALIAS):
    """Cache ``value`` unless ``key`` is set: True if it was added, False if
    the key was there, None if the cache failed (the caller decides what an
    unknown answer means)."""
    try:
        return _backend(using).add(key, value, timeout)
    except Exception as error:
        report_failure(_name(using), error)
        return None


def delete(key, *, using=DEFAULT_CACHE_ALIAS):
    """Forget ``key``; does nothing when the cache failed. A value that
    could not be deleted expires with its own timeout."""
    try:
        _backend(using).delete(key)
    except Exception as error:
        report_failure(_name(using), error)


def delete_many(keys, *, using=DEFAULT_CACHE_ALIAS):
    """Forget every key of ``keys`` (one round trip on Redis); does nothing
    when the cache failed."""
    try:
        _backend(using).delete_many(keys)
    except Exception as error:
        report_failure(_name(using), error)


def incr(key, delta=1, *, using=DEFAULT_CACHE_ALIAS):
    """Add ``delta`` to the number under ``key`` and return it. Raises
    ``ValueError`` if the key is missing (as Django does) and
    :class:`CacheUnavailable` if the cache failed."""
    try:
        return _backend(using).incr(key, delta)
    except ValueError:
        raise
    except Exception as error:
        report_failure(_name(using), error)
        raise CacheUnavailable from error


def count(key, timeout, *, using=DEFAULT_CACHE_ALIAS):
    """Add one to the counter under ``key``, created with ``timeout`` seconds
    to live by the first count, and return the new count. Raises
    :class:`CacheUnavailable` if the cache failed.

    On Redis this is one round trip (``SET NX EX`` and ``INCR`` in one
    ``MULTI``, so a counter never lives without its expiry); elsewhere it is
    ``add`` then ``incr``."""
    backend = _backend(using)
    if isinstance(backend, RedisCache):
        try:
            return _redis_count(backend, key, timeout)
        except Exception as error:
            report_failure(_name(using), error)
            raise CacheUnavailable from error
    add(key, 0, timeout=timeout, using=using)
    try:
        return incr(key, using=using)
    except ValueError:  # expired between add() and incr()
        if add(key, 1, timeout=timeout, using=using) is None:
            raise CacheUnavailable from None
        return 1


class Batch:
    """Cache calls sent together: on Redis in one round trip (one ``MULTI``
    pipeline), elsewhere one call after another.

    Queue calls with :meth:`count`, :meth:`add`, :meth:`get` and
    :meth:`delete`, each returning the index of its answer, then :meth:`run`
    them and read the answers by those indexes. An answer is what the
    function of this module of the same name returns, except that a count
    the cache could not make is None rather than an exception: if Redis
    cannot be reached, every answer of the batch is unknown (None for
    ``count`` and ``add``, the default for ``get``) and :attr:`failed` is
    True."""

    def __init__(self, using=DEFAULT_CACHE_ALIAS):
        self.using = using
        self.failed = False
        self.answers = None
        self._calls = []

    def _queue(self, *call):
        self._calls.append(call)
        return len(self._calls) - 1

    def count(self, key, timeout):
        """:func:`count`: the new count, None if unknown."""
        return self._queue("count", key, timeout)

    def add(self, key, value, timeout):
        """:func:`add` (``timeout`` in seconds, more than 0)."""
        return self._queue("add", key, value, timeout)

    def get(self, key, default=None):
        """:func:`get`."""
        return self._queue("get", key, default)

    def delete(self, key):
        """:func:`delete`; its answer is None."""
        return self._queue("delete", key)

    def run(self):
        """Send the queued calls; the list of their answers, also kept as
        :attr:`answers`."""
        self.answers = self._run()
        return self.answers

    def _run(self):
        backend = _backend(self.using)
        if not self._calls:
            return []
        if not isinstance(backend, RedisCache):
            return [self._one(*call) for call in self._calls]
        try:
            return _redis_batch(backend, self._calls)
        except Exception as error:
            report_failure(_name(self.using), error)
            self.failed = True
            return [call[2] if call[0] == "get" else None for call in self._calls]

    def _one(self, kind, key, *args):
        if kind == "count":
            try:
                return count(key, *args, using=self.using)
            except CacheUnavailable:
                self.failed = True
                return None
        function = {"add": add, "get": get, "delete": delete}[kind]
        return function(key, *args, using=self.using)


def _redis_batch(backend, calls):
    client = backend._cache
    pipe = client.get_client(write=True).pipeline(transaction=True)
    for kind, key, *args in calls:
        key = backend.make_and_validate_key(key)
        if kind == "count":
            pipe.set(key, 0, ex=int(args[0]), nx=True)
            pipe.incr(key)
        elif kind == "add":
            value, timeout = args
            pipe.set(key, client._serializer.dumps(value), ex=int(timeout), nx=True)
        elif kind == "get":
            pipe.get(key)
        else:
            pipe.delete(key)
    replies = iter(pipe.execute())
    answers = []
    for kind, _key, *args in calls:
        reply = next(replies)
        if kind == "count":
            answers.append(next(replies))  # INCR's, after SET NX's
        elif kind == "add":
            answers.append(bool(reply))
        elif kind == "get":
            loads = client._serializer.loads
            answers.append(args[0] if reply is None else loads(reply))
        else:
            answers.append(None)
    return answers


def _redis_count(backend, key, timeout):
    key = backend.make_and_validate_key(key)
    pipe = backend._cache.get_client(key, write=True).pipeline(transaction=True)
    pipe.set(key, 0, ex=int(timeout), nx=True)
    pipe.incr(key)
    return pipe.execute()[1]
