"""FailoverCounters while Redis refuses connections: the limits keep counting on the host."""

import logging

import pytest

from portal.store.counters import FailoverCounters
from portal.store.local_counters import LocalCounters
from tests.support.clock import FakeClock
from tests.support.redis_process import free_port


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def counters(tmp_path, clock):
    local = LocalCounters(tmp_path / "counters.sqlite", clock=clock.now)
    return FailoverCounters(f"redis://127.0.0.1:{free_port()}/0", local, clock)


def test_limits_hold_on_the_host_when_redis_is_unreachable(counters, caplog):
    caplog.set_level(logging.WARNING, "portal.store.counters")
    assert [counters.take("order:1001", 3600, 2) for _ in range(3)] == [True, True, False]
    assert counters.take("order:1002", 3600, 2), "each name has its own count"
    assert counters.count("order:1001", 3600) == 2
    assert 3599 < counters.seconds_left("order:1001", 3600) <= 3600
    assert len(caplog.records) == 1, "the outage is logged once"


def test_a_given_back_count_frees_its_place_and_the_window_ends_on_the_clock(counters, clock):
    counters.take("email:x", 60, 1)
    counters.give_back("email:x", 60)
    assert counters.take("email:x", 60, 1)
    assert not counters.take("email:x", 60, 1)
    clock.advance(61)
    assert counters.take("email:x", 60, 1)
