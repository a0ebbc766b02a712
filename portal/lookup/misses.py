"""A small memory, per worker, of pairs that opened no order.

Redis remembers failed pairs for every worker; this memory is read only while Redis is down,
so that a repeated failed pair still does not reach Shopify each time."""

from __future__ import annotations

import threading
from collections import OrderedDict

from portal.clock import Clock

MAX_REMEMBERED = 2048


class MissMemory:
    def __init__(self, ttl_seconds: float, clock: Clock) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._until: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, key: str) -> None:
        """Remember that `key` (a keyed hash of both facts) opened nothing."""
        with self._lock:
            self._until[key] = self._clock.monotonic() + self._ttl
            self._until.move_to_end(key)
            while len(self._until) > MAX_REMEMBERED:
                self._until.popitem(last=False)

    def missed(self, key: str) -> bool:
        """True when `key` opened nothing within the last NOT_FOUND_CACHE_TTL."""
        with self._lock:
            until = self._until.get(key)
            if until is not None and until <= self._clock.monotonic():
                del self._until[key]
                until = None
        return until is not None
