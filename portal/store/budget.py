"""A store-wide cap on Shopify calls, counted in Redis so that it holds across every worker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from portal.clock import SYSTEM_CLOCK, Clock, Deadline
from portal.failures import Unavailable
from portal.metrics import NO_METRICS, Metrics
from portal.store.counters import Counters

# Whether the work running in this context may use the reserved share of the budget: everything
# may (order pages, shop settings) except lookups by a client that has failed guesses.
_MAY_USE_RESERVE: ContextVar[bool] = ContextVar("may_use_reserve", default=True)


@contextmanager
def without_reserve() -> Iterator[None]:
    """Run the block on the unreserved share of the budget only."""
    token = _MAY_USE_RESERVE.set(False)
    try:
        yield
    finally:
        _MAY_USE_RESERVE.reset(token)


class CallBudget:
    """A store-wide cap on Shopify calls per second, so a flood of unique guesses from many IPs
    cannot drain the portal's own API bucket (Shopify keeps one per app and store). A quarter of
    it (one call at least) is kept for work that may use the reserve, so the flood cannot take
    all of it either."""

    def __init__(self, counters: Counters, calls_per_second: int,
                 metrics: Metrics = NO_METRICS, clock: Clock = SYSTEM_CLOCK) -> None:
        self._counters = counters
        self._clock = clock
        self._metrics = metrics
        self._all = calls_per_second
        self._unreserved = calls_per_second - (max(1, calls_per_second // 4)
                                               if calls_per_second > 1 else 0)

    def spend(self, deadline: Deadline) -> None:
        """Wait for a free call, at most a second (a waiting request holds a worker thread),
        or raise Unavailable."""
        limit = self._all if _MAY_USE_RESERVE.get() else self._unreserved
        give_up = self._clock.monotonic() + min(1.0, deadline.remaining())
        while True:
            if self._counters.take("shopify-calls", 1, limit):
                return
            if give_up - self._clock.monotonic() < 0.05:
                self._metrics.refused("call_budget")
                raise Unavailable("store-wide Shopify call budget spent")
            self._clock.sleep(0.05)
