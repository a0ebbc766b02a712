"""FailoverCounters while Redis refuses connections: the limits keep counting, in memory."""

import logging

import pytest
from limits import parse

from portal.store.counters import FailoverCounters
from tests.support.clock import FakeClock
from tests.support.redis_process import free_port

LIMIT = parse("2 per hour")


@pytest.fixture
def counters():
    return FailoverCounters(f"redis://127.0.0.1:{free_port()}/0", FakeClock())


def test_limits_hold_in_memory_when_redis_is_unreachable(counters, caplog):
    caplog.set_level(logging.WARNING, "portal.store.counters")
    assert [counters.hit(LIMIT, "order:1001") for _ in range(3)] == [True, True, False]
    assert counters.hit(LIMIT, "order:1002"), "each key has its own count"
    assert 3590 < counters.seconds_left(LIMIT, "order:1001") <= 3600
    assert counters.seconds_left(LIMIT, "order:1002") == 0
    assert len(caplog.records) == 1, "the outage is logged once"


def test_a_given_back_hit_frees_its_place(counters):
    counters.hit(LIMIT, "email:x")
    counters.hit(LIMIT, "email:x")
    counters.give_back(LIMIT, "email:x")
    assert counters.hit(LIMIT, "email:x")
