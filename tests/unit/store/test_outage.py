import logging

from portal.store.outage import Outage
from tests.support.clock import FakeClock

log = logging.getLogger("tests.outage")


def outage(clock):
    return Outage(log, "down (%s)", "up again", pause_seconds=2.0, clock=clock)


def test_calls_pause_for_a_while_after_a_failure_then_try_again():
    clock = FakeClock()
    tracked = outage(clock)
    assert not tracked.pausing()
    tracked.failed(ConnectionError())
    assert tracked.pausing()
    clock.advance(1.9)
    assert tracked.pausing()
    clock.advance(0.2)
    assert not tracked.pausing()


def test_each_failure_restarts_the_pause():
    clock = FakeClock()
    tracked = outage(clock)
    tracked.failed(ConnectionError())
    clock.advance(1.5)
    tracked.failed(ConnectionError())
    clock.advance(1.5)
    assert tracked.pausing()


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(caplog):
    tracked = outage(FakeClock())
    tracked.answered()
    for _ in range(3):
        tracked.failed(TimeoutError())
    tracked.answered()
    tracked.answered()
    assert [record.getMessage() for record in caplog.records] == ["down (TimeoutError)", "up again"]
    assert not tracked.pausing()
