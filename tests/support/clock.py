"""FakeClock: a portal.clock.Clock that tests move by hand, so waiting for an expiry takes no time."""

from __future__ import annotations

import threading
import time


class FakeClock:
    """Starts at the real time (so timestamps look plausible to Fernet and Redis) and then only
    moves when told: `advance`, or `sleep`, which advances instead of blocking."""

    def __init__(self, now: float | None = None) -> None:
        self._now = time.time() if now is None else now
        self._monotonic = 1000.0
        self._lock = threading.Lock()
        self.slept: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._monotonic

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move both clocks by `seconds` (back too, to stand for a skewed clock)."""
        with self._lock:
            self._now += seconds
            self._monotonic += seconds


# The name tests written on other branches know it by.
ManualClock = FakeClock
