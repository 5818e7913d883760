"""Cache backends that survive an outage of their server.

Wagtail itself reads the default cache on every public request (the site
root paths behind each page URL, image renditions). With Django's
``RedisCache`` a stopped Redis turns each of those reads into a 500.
:class:`ForgivingRedisCache` is that backend, except that reads and writes
which fail behave as misses and no-ops, so pages are served from the
database until Redis is back::

    CACHES = {
        "default": {
            "BACKEND": "wagtail_tuidang.cache_backends.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }

``add``, ``incr`` and ``decr`` still raise: their answer means something (a
rate-limit count, "first in this interval"), and a caller must know when it is
unknown rather than read a made-up one. The plugin's own calls go through
:mod:`wagtail_tuidang.cache`, which handles those errors.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .cache import report_failure

#: The methods whose failure stands for a miss (reads) or a no-op (writes),
#: with what they return then.
FORGIVEN = {
    "has_key": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: None,
    # get(key, default=None, version=None): a miss gives the default.
    "get": lambda key, default=None, *args, **kwargs: default,
}


def _forgiving(name, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ForgivingCacheMixin, self), name)(*args, **kwargs)
        except Exception as error:  # each client library raises its own
            report_failure(type(self).__name__, error)
            return fallback(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"``{name}``, treating a cache failure as a miss or a no-op."
    return method


class ForgivingCacheMixin:
    """Mix into a cache backend class (before it) so that its reads and
    writes treat a failing server as an empty cache. See the module's
    docstring for what still raises."""

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        """``get_or_set`` without ``add`` (which raises in an outage): the
        computed value is handed back, cached if the cache works."""
        value = self.get(key, version=version)
        if value is not None:
            return value
        if callable(default):
            default = default()
        self.set(key, default, timeout=timeout, version=version)
        return default


for _name, _fallback in FORGIVEN.items():
    setattr(ForgivingCacheMixin, _name, _forgiving(_name, _fallback))


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one ``redis.Redis`` per connection pool
    rather than a new one for every cache call: building one registers some
    170 response callbacks, which cost more than a round trip to Redis."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            # redis.Redis is safe to share between threads: each command
            # takes a connection from the pool.
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(ForgivingCacheMixin, RedisCache):
    """Django's ``RedisCache``, serving misses while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
