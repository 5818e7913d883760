"""Cache backends that stand for a cache server that cannot be reached."""

from django.core.cache.backends.base import BaseCache

from wagtail_tuidang.cache_backends import ForgivingCacheMixin


class CacheDown(ConnectionError):
    """What a client library raises when its server is gone."""


class RaisingCache(BaseCache):
    """Raises on every call, as Django's RedisCache does with Redis stopped."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise CacheDown("cache server unreachable")

    add = get = set = touch = delete = clear = incr = decr = _fail
    get_many = set_many = delete_many = has_key = get_or_set = _fail


class ForgivingRaisingCache(ForgivingCacheMixin, RaisingCache):
    """The production backend's behaviour over a server that is down."""


#: ``override_settings(CACHES=…)`` for a default cache that always raises.
RAISING = {"default": {"BACKEND": "tests.caches.RaisingCache"}}
#: …and for the production configuration over that same outage.
FORGIVING = {"default": {"BACKEND": "tests.caches.ForgivingRaisingCache"}}
