"""Shopify's leaky bucket as the client last saw it: how long to wait before a query the bucket
cannot afford yet, and how long Shopify asked us to wait after throttling one."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.clock import SYSTEM_CLOCK, Clock


@dataclass(frozen=True)
class _Level:
    available: float
    maximum: float
    restore_rate: float
    seen_at: float


class ThrottleState:
    """The last `throttleStatus` Shopify reported, refilled by the clock, and each query's cost."""

    def __init__(self, costs: Mapping[str, float], unknown_cost: float = 50.0,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self._unknown_cost = unknown_cost
        self._clock = clock
        self._level: _Level | None = None
        # What each query asks of the bucket, so the wait before sending it fits the query: its
        # computed requested cost at first, then what Shopify last said it was.
        self._costs: dict[str, float] = dict(costs)
        self._lock = threading.Lock()

    def remember(self, query: str, cost: dict[str, Any]) -> None:
        """Note the `extensions.cost` of a response to `query`."""
        status = cost.get("throttleStatus") or {}
        with self._lock:
            if isinstance(cost.get("requestedQueryCost"), (int, float)):
                self._costs[query] = float(cost["requestedQueryCost"])
            try:
                self._level = _Level(float(status["currentlyAvailable"]),
                                     float(status["maximumAvailable"]),
                                     float(status["restoreRate"]), self._clock.monotonic())
            except (KeyError, TypeError, ValueError):
                return

    def wait_before(self, query: str) -> float:
        """Seconds until the bucket, as last seen and refilled since, can afford `query`."""
        with self._lock:
            level, cost = self._level, self._costs.get(query, self._unknown_cost)
        if level is None or not level.restore_rate:
            return 0.0
        now = min(level.maximum,
                  level.available + (self._clock.monotonic() - level.seen_at) * level.restore_rate)
        return max(0.0, (cost - now) / level.restore_rate)


def throttled_wait(cost: dict[str, Any]) -> float:
    """Seconds a THROTTLED answer asks for: (requested - available) / restore rate."""
    status = cost.get("throttleStatus") or {}
    try:
        needed = float(cost["requestedQueryCost"]) - float(status["currentlyAvailable"])
        return max(0.0, needed / float(status["restoreRate"]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return 1.0


def retry_after(headers: Any) -> float:
    """Seconds an HTTP 429 asks for in Retry-After; one when it does not say."""
    try:
        return max(0.0, float(headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0
