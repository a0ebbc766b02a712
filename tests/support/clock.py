"""ManualClock: a Clock that moves only when a test says so."""

from __future__ import annotations

import time


class ManualClock:
    def __init__(self, now: float | None = None) -> None:
        self._now = time.time() if now is None else now
        self._monotonic = 1000.0

    def now(self) -> float:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self._now += seconds
        self._monotonic += seconds
