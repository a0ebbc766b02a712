"""Shopify's leaky bucket of query cost points, refilled at a fixed rate per second."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


class LeakyBucket:
    """Thread-safe cost budget: take the requested cost up front, refund the unused part."""

    def __init__(self, maximum: float = 2000.0, restore_rate: float = 100.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.maximum = float(maximum)
        self.restore_rate = float(restore_rate)
        self._clock = clock
        self._available = self.maximum
        self._updated = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._available = min(self.maximum,
                               self._available + (now - self._updated) * self.restore_rate)
        self._updated = now

    def try_take(self, cost: float) -> bool:
        """Take `cost` points if the bucket holds them; return whether it did."""
        with self._lock:
            self._refill()
            if cost > self._available:
                return False
            self._available -= cost
            return True

    def refund(self, points: float) -> None:
        """Give back points a query reserved but did not use."""
        with self._lock:
            self._refill()
            self._available = min(self.maximum, self._available + max(0.0, points))

    def set_available(self, points: float) -> None:
        """Set the points available now, e.g. 0 to test throttling."""
        with self._lock:
            self._refill()
            self._available = max(0.0, min(self.maximum, float(points)))

    def status(self, empty: bool = False) -> dict[str, Any]:
        """Return Shopify's `throttleStatus`; `empty` reports a drained bucket."""
        with self._lock:
            self._refill()
            available = 0 if empty else int(self._available)
        return {"maximumAvailable": self.maximum, "currentlyAvailable": available,
                "restoreRate": self.restore_rate}
