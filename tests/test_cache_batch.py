"""Cache calls sent together (``cache.Batch``): one round trip on Redis, the
same answers on any cache, and every answer unknown, never an error, when
the cache is down."""

import pytest
from django.test import override_settings

from tests.caches import FAKE_REDIS, FakeRedis
from wagtail_tuidang import cache

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Django's own Redis backend, at a port nothing listens on.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def two_batches():
    """The answers of a batch that counts, adds, reads and deletes, then of
    the same batch again."""
    cache.set("seen", "kept")
    cache.set("gone", "soon")
    answers = []
    for _ in range(2):
        batch = cache.Batch()
        batch.count("counter", 60)
        batch.add("once", True, 60)
        batch.get("seen")
        batch.get("missing", "default")
        batch.delete("gone")
        answers.append(batch.run())
    return answers


@pytest.mark.parametrize("caches", [FAKE_REDIS, LOCMEM], ids=["redis", "locmem"])
def test_a_batch_answers_as_each_call_would(caches):
    with override_settings(CACHES=caches):
        FakeRedis.reset()
        first, second = two_batches()

        assert first == [1, True, "kept", "default", None]
        assert second == [2, False, "kept", "default", None]
        assert cache.get("gone") is None


def test_on_redis_a_batch_is_one_round_trip(settings):
    settings.CACHES = FAKE_REDIS
    FakeRedis.reset()
    batch = cache.Batch()
    batch.count("counter", 60)
    batch.add("once", True, 60)
    batch.get("seen")
    batch.delete("gone")

    batch.run()

    assert FakeRedis.round_trips == [("SET NX", "INCRBY", "SET NX", "GET", "DEL")]


def test_an_empty_batch_sends_nothing(settings):
    settings.CACHES = FAKE_REDIS
    FakeRedis.reset()
    assert cache.Batch().run() == []
    assert FakeRedis.round_trips == []


def test_with_redis_down_every_answer_is_unknown(settings):
    settings.CACHES = REDIS_DOWN
    batch = cache.Batch()
    batch.count("counter", 60)
    batch.add("once", True, 60)
    batch.get("missing", "default")
    batch.delete("gone")

    assert batch.run() == [None, None, "default", None]
    assert batch.failed
