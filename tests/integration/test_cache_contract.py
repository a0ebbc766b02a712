"""One contract, two caches: RedisOrderCache against a real Redis and the in-memory stand-in the
unit tier uses, so the unit tests rest on the behaviour Redis really has."""

import pytest

from portal.model import ShopInfo
from portal.store.cache import PREFIX, RedisOrderCache
from portal.store.connection import redis_client
from tests.support.clock import FakeClock
from tests.support.memory import MemoryOrderCache

SHOP = ShopInfo(name="Demo", timezone="UTC", prefix="#", suffix="")


class RedisWithTtl:
    """RedisOrderCache plus the TTL question, asked of Redis itself."""

    def __init__(self, url: str, redis_db) -> None:
        self.client = redis_client(url)
        self.cache = RedisOrderCache(self.client)
        self._db = redis_db

    def ttl(self, key: str) -> float | None:
        seconds = self._db.pttl(PREFIX + key)
        return None if seconds < 0 else seconds / 1000


@pytest.fixture(params=["redis", "memory"])
def both(request, redis_url, redis_db):
    """(cache, ttl of a key) for each implementation."""
    if request.param == "memory":
        memory = MemoryOrderCache(FakeClock())
        yield memory, memory.ttl
        return
    real = RedisWithTtl(redis_url, redis_db)
    yield real.cache, real.ttl
    real.client.close()


def test_values_come_back_as_written_with_their_ttl(both):
    cache, ttl = both
    cache.write("shop", SHOP, 60)
    stored = cache.read(ShopInfo, "shop")
    assert stored.value == SHOP and stored.written_at > 0
    assert 59 < ttl("shop") <= 60
    assert cache.read(ShopInfo, "missing") is None
    cache.delete("shop")
    assert cache.read(ShopInfo, "shop") is None and ttl("shop") is None


def test_forgetting_an_index_drops_every_key_noted_under_it(both):
    cache, ttl = both
    for key in ("a", "b", "c"):
        cache.write(key, key, 60)
    cache.remember("index:1", "a", 30)
    cache.remember("index:1", "b", 90)
    assert 89 < ttl("index:1") <= 90, "each note renews the index's TTL"
    cache.forget("index:1")
    assert [cache.read(str, key) for key in ("a", "b")] == [None, None]
    assert cache.read(str, "c").value == "c"
    assert ttl("index:1") is None


def test_a_claim_and_a_lock_are_won_once_until_released_or_expired(both):
    cache, ttl = both
    assert cache.claim("webhook:1", 60) and not cache.claim("webhook:1", 60)
    assert 59 < ttl("seen:webhook:1") <= 60
    assert cache.lock("order:1", 5000) and not cache.lock("order:1", 5000)
    assert 4 < ttl("lock:order:1") <= 5
    cache.unlock("order:1")
    assert cache.lock("order:1", 5000)


def test_clear_drops_everything_and_ping_answers(both):
    cache, ttl = both
    cache.write("x", 1, 60)
    cache.claim("y", 60)
    cache.clear()
    assert ttl("x") is None and ttl("seen:y") is None
    assert cache.ping()
