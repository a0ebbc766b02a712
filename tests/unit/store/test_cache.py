"""RedisOrderCache while Redis refuses connections: every call fails open, and the outage pause
(on the injected clock) spares later calls the wait. The cache's behaviour against a live Redis is
in tests/integration/test_cache_contract.py."""

import logging

import pytest

from portal.store.cache import RETRY_AFTER_SECONDS, RedisOrderCache
from portal.store.connection import redis_client
from tests.support.clock import FakeClock
from tests.support.redis_process import free_port


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def unreachable(clock):
    client = redis_client(f"redis://127.0.0.1:{free_port()}/0")
    yield RedisOrderCache(client, clock)
    client.close()


def test_an_unreachable_redis_reads_as_a_miss_and_writes_nothing(unreachable):
    unreachable.write("order:1", {"name": "#1"}, 60)
    assert unreachable.read(dict, "order:1") is None
    unreachable.delete("order:1")
    unreachable.forget("index:1")
    unreachable.clear()


def test_claims_and_locks_are_granted_while_redis_is_unreachable(unreachable):
    # Processing a webhook twice is harmless; dropping one is not.
    assert unreachable.claim("webhook:1", 60) and unreachable.claim("webhook:1", 60)
    assert unreachable.lock("order:1", 1000) and unreachable.lock("order:1", 1000)


def test_one_warning_per_outage_and_ping_still_asks_redis(unreachable, clock, caplog):
    caplog.set_level(logging.WARNING, "portal.store.cache")
    for _ in range(3):
        unreachable.read(dict, "order:1")
    assert not unreachable.ping(), "a health check asks Redis even during the pause"
    clock.advance(RETRY_AFTER_SECONDS + 0.1)
    unreachable.read(dict, "order:1")
    warnings = [record for record in caplog.records if record.name == "portal.store.cache"]
    assert len(warnings) == 1
    assert "ConnectionError" in warnings[0].getMessage()
