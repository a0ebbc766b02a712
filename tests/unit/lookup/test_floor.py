"""The not-found timing floor: every failed lookup waits it out, one per client at a time."""

import threading

import pytest

from portal.lookup.floor import SEATS_PER_CLIENT, TimingFloor
from tests.support.clock import FakeClock


class GatedClock(FakeClock):
    """A clock whose sleep blocks until the test opens the gate, so waits overlap for real."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.sleeping = threading.Semaphore(0)

    def sleep(self, seconds: float) -> None:
        self.sleeping.release()
        self.gate.wait(timeout=10)


def test_a_failed_lookup_waits_until_the_floor_has_passed():
    clock = FakeClock()
    floor = TimingFloor(0.4, clock)
    started = clock.monotonic()
    clock.advance(0.1)
    assert floor.hold("client-a", started)
    assert clock.monotonic() - started == pytest.approx(0.4)


def test_a_lookup_slower_than_the_floor_needs_no_seat():
    clock = GatedClock()
    floor = TimingFloor(0.4, clock)
    waiting = threading.Thread(target=floor.hold, args=("client-a", clock.monotonic()))
    waiting.start()
    assert clock.sleeping.acquire(timeout=5)
    late = clock.monotonic() - 0.5
    assert floor.hold("client-a", late), "nothing to wait for, so no seat is taken"
    clock.gate.set()
    waiting.join(timeout=5)


def test_a_client_gets_one_seat_and_others_are_not_affected():
    clock = GatedClock()
    floor = TimingFloor(0.4, clock)
    results = []
    threads = [threading.Thread(target=lambda: results.append(floor.hold("a", clock.monotonic())))
               for _ in range(SEATS_PER_CLIENT)]
    for thread in threads:
        thread.start()
    for _ in threads:
        assert clock.sleeping.acquire(timeout=5)
    assert floor.hold("a", clock.monotonic()) is False, "the client's seats are taken"
    other = threading.Thread(target=lambda: results.append(floor.hold("b", clock.monotonic())))
    other.start()
    assert clock.sleeping.acquire(timeout=5), "another client still waits its floor out"
    clock.gate.set()
    for thread in [*threads, other]:
        thread.join(timeout=5)
    assert results == [True] * (SEATS_PER_CLIENT + 1)
    assert floor.hold("a", clock.monotonic()), "seats are given back"
