import threading

import pytest

from portal.failures import Unavailable
from portal.store.flight import SingleFlight
from tests.support.clock import FakeClock
from tests.support.memory import MemoryOrderCache


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def cache(clock):
    return MemoryOrderCache(clock)


def test_a_cached_value_is_returned_without_computing(cache, clock):
    flight = SingleFlight(cache, clock=clock)
    assert flight.run("k", lambda: "cached", lambda: pytest.fail("computed")) == "cached"
    assert cache.live_keys() == set(), "no lock taken for a cached value"


def test_the_leader_computes_under_a_lock_that_it_releases(cache, clock):
    flight = SingleFlight(cache, clock=clock)
    seen = []
    assert flight.run("k", lambda: None, lambda: seen.append(cache.live_keys()) or "fresh") == "fresh"
    assert seen == [{"lock:k"}]
    assert cache.live_keys() == set()


def test_concurrent_callers_in_one_process_share_one_computation(cache, clock):
    flight = SingleFlight(cache, clock=clock)
    started, release = threading.Event(), threading.Event()
    calls, results = [], []

    def compute():
        calls.append(1)
        started.set()
        release.wait(5)
        return "once"

    leader = threading.Thread(target=lambda: results.append(flight.run("k", lambda: None, compute)))
    leader.start()
    assert started.wait(5)
    followers = [threading.Thread(target=lambda: results.append(flight.run("k", lambda: None, compute)))
                 for _ in range(4)]
    for thread in followers:
        thread.start()
    release.set()
    for thread in [leader, *followers]:
        thread.join(5)
    assert calls == [1]
    assert results == ["once"] * 5


def test_followers_get_the_leaders_error_instead_of_asking_again(cache, clock):
    flight = SingleFlight(cache, clock=clock)
    started, release = threading.Event(), threading.Event()
    errors = []

    def compute():
        started.set()
        release.wait(5)
        raise Unavailable("store down")

    def call():
        try:
            flight.run("k", lambda: None, compute)
        except Unavailable as error:
            errors.append(str(error))

    leader = threading.Thread(target=call)
    leader.start()
    assert started.wait(5)
    follower = threading.Thread(target=call)
    follower.start()
    release.set()
    leader.join(5)
    follower.join(5)
    assert errors == ["store down", "store down"]


def test_another_process_holding_the_lock_is_waited_for_then_its_result_read(cache, clock):
    flight = SingleFlight(cache, wait_seconds=8.0, poll_seconds=0.5, clock=clock)
    assert cache.lock("k", 8000), "another worker computes this key"

    def cached():
        return "from the other worker" if clock.monotonic() >= start + 1.2 else None

    start = clock.monotonic()
    assert flight.run("k", cached, lambda: pytest.fail("computed twice")) == "from the other worker"
    assert clock.slept == [0.5, 0.5, 0.5]


def test_when_the_other_process_never_answers_this_one_computes_after_the_wait(cache, clock):
    flight = SingleFlight(cache, wait_seconds=2.0, poll_seconds=0.5, clock=clock)
    assert cache.lock("k", 8000)
    assert flight.run("k", lambda: None, lambda: "computed") == "computed"
    assert sum(clock.slept) == pytest.approx(2.0)


def test_a_follower_gives_up_when_the_leader_takes_too_long(cache, clock):
    flight = SingleFlight(cache, wait_seconds=0.2, clock=clock)
    started, release = threading.Event(), threading.Event()
    leader = threading.Thread(target=lambda: flight.run(
        "k", lambda: None, lambda: started.set() or release.wait(5)))
    leader.start()
    assert started.wait(5)
    with pytest.raises(Unavailable):
        flight.run("k", lambda: None, lambda: pytest.fail("computed twice"))
    release.set()
    leader.join(5)


def test_a_value_stored_between_the_first_look_and_the_lock_is_not_computed_again(cache, clock):
    looks = iter([None, "stored by another worker meanwhile"])
    flight = SingleFlight(cache, clock=clock)
    assert flight.run("k", lambda: next(looks), lambda: pytest.fail("computed")) == \
        "stored by another worker meanwhile"
