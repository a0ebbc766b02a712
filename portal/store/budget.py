"""A store-wide cap on Shopify calls, counted in Redis so that it holds across every worker."""

from __future__ import annotations

import time

from limits import parse_many

from portal.clock import Deadline
from portal.failures import Unavailable
from portal.metrics import NO_METRICS, Metrics
from portal.store.counters import FailoverCounters


class CallBudget:
    """A store-wide cap on Shopify calls per second, so a flood of unique guesses from many IPs
    cannot drain the API bucket that the store's other apps share."""

    def __init__(self, counters: FailoverCounters, calls_per_second: int,
                 metrics: Metrics = NO_METRICS) -> None:
        self._counters = counters
        self._metrics = metrics
        self._item = parse_many(f"{calls_per_second} per second")[0]

    def spend(self, deadline: Deadline) -> None:
        """Wait for a free call, at most a second (a waiting request holds a worker thread),
        or raise Unavailable."""
        give_up = deadline.capped(1.0)
        while True:
            if self._counters.hit(self._item, "shopify"):
                return
            if give_up.remaining() < 0.05:
                self._metrics.refused("call_budget")
                raise Unavailable("store-wide Shopify call budget spent")
            time.sleep(0.05)
