"""The failed-guess counters, in Redis and in the host's fallback file: atomic, never negative."""

import threading
import time

import pytest
import redis

from portal.lookup.guesses import GuessLimits
from portal.store.counters import RedisCounters, counter_key
from portal.store.local_counters import LocalCounters


@pytest.fixture(params=["redis", "local"])
def counters(request, redis_db, tmp_path):
    if request.param == "redis":
        return RedisCounters(redis.Redis(connection_pool=redis_db.connection_pool))
    return LocalCounters(tmp_path / "limits.sqlite3")


def test_a_reservation_given_back_after_its_window_leaves_no_negative_count(counters):
    guesses = GuessLimits(counters, per_order="2 per 2 seconds", per_email="100 per hour")
    reservation = guesses.reserve("order-a", "email-a", "client-a")
    assert reservation is not None
    time.sleep(2.1)  # the window ends while the lookup is still running
    guesses.release(reservation)
    assert counters.count("guess:order:order-a", 2) == 0
    taken = [guesses.reserve("order-a", f"email-{n}", f"client-{n}") is not None
             for n in range(2 * 4 + 1)]
    # Clean clients may use the ceiling (four times the limit): not one guess more.
    assert taken == [True] * 8 + [False]


def test_giving_back_more_than_was_taken_stops_at_zero(counters):
    assert counters.take("c", 60, 5)
    for _ in range(3):
        counters.give_back("c", 60)
    assert counters.count("c", 60) == 0
    assert [counters.take("c", 60, 2) for _ in range(3)] == [True, True, False]


def test_the_redis_key_never_goes_below_zero_and_always_expires(redis_db):
    counters = RedisCounters(redis.Redis(connection_pool=redis_db.connection_pool))
    counters.give_back("never-taken", 60)
    assert redis_db.get(counter_key("never-taken", 60)) is None
    counters.take("taken", 60, 1)
    key = counter_key("taken", 60)
    assert key.startswith("portal:limits:v1:{taken}") and 0 < redis_db.ttl(key) <= 60


def test_concurrent_takes_never_pass_the_limit(counters):
    barrier = threading.Barrier(20)
    results = []

    def take():
        barrier.wait()
        results.append(counters.take("burst", 60, 7))

    threads = [threading.Thread(target=take) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False] * 13 + [True] * 7
