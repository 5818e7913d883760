"""Cache backends that stand for a cache server that cannot be reached."""

from django.core.cache.backends.base import BaseCache

from wagtail_tuidang.cache_backends import (
    ForgivingCacheMixin,
    ForgivingRedisCache,
    ReusingRedisCacheClient,
)


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


class FakeRedis:
    """The few commands of ``redis.Redis`` that Django's ``RedisCache`` and
    the plugin send, kept in a dict; each call to Redis (a command, or a
    pipeline's ``execute``) is one round trip, recorded in
    :attr:`round_trips` as the commands it carried."""

    data = {}
    round_trips = []

    def __init__(self, connection_pool=None):
        pass

    @classmethod
    def reset(cls):
        cls.data.clear()
        cls.round_trips.clear()

    def _trip(self, *commands):
        self.round_trips.append(commands)

    def get(self, key):
        self._trip("GET")
        return self.data.get(key)

    def mget(self, keys):
        self._trip("MGET")
        return [self.data.get(key) for key in keys]

    def set(self, key, value, ex=None, nx=False, **kwargs):
        self._trip("SET NX" if nx else "SET")
        return self._set(key, value, nx)

    def _set(self, key, value, nx=False):
        if nx and key in self.data:
            return None
        self.data[key] = value
        return True

    def delete(self, *keys):
        self._trip("DEL")
        return self._delete(*keys)

    def _delete(self, *keys):
        return sum(self.data.pop(key, None) is not None for key in keys)

    def exists(self, key):
        self._trip("EXISTS")
        return int(key in self.data)

    def incr(self, key, amount=1):
        self._trip("INCRBY")
        return self._incr(key, amount)

    def _incr(self, key, amount=1):
        self.data[key] = int(self.data.get(key, 0)) + amount
        return self.data[key]

    def pipeline(self, transaction=True):
        return FakePipeline(self)


class FakePipeline:
    def __init__(self, client):
        self.client = client
        self.queued = []

    def set(self, key, value, ex=None, nx=False):
        name = "SET NX" if nx else "SET"
        self.queued.append((name, self.client._set, key, value, nx))

    def incr(self, key, amount=1):
        self.queued.append(("INCRBY", self.client._incr, key, amount))

    def get(self, key):
        self.queued.append(("GET", self.client.data.get, key))

    def delete(self, *keys):
        self.queued.append(("DEL", self.client._delete, *keys))

    def execute(self):
        self.client._trip(*[name for name, *_call in self.queued])
        return [function(*args) for _name, function, *args in self.queued]


class FakeRedisClient(ReusingRedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._client = FakeRedis


class FakeRedisCache(ForgivingRedisCache):
    """The production backend over :class:`FakeRedis`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FakeRedisClient


#: ``override_settings(CACHES=…)`` for the production backend over FakeRedis.
FAKE_REDIS = {
    "default": {
        "BACKEND": "tests.caches.FakeRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}
