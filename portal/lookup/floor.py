"""The not-found timing floor, with its cost per client bounded.

A failed lookup is held until NOT_FOUND_MIN_MS have passed, so timing cannot tell an unknown order
from a wrong email. Under gthread that wait holds a worker thread, so each client may have only
SEATS_PER_CLIENT failed lookups waiting at once in one worker: a client that sends many at a time
gets "too many attempts" for the rest at once, instead of taking every thread from the pages of
everyone else. Whether a lookup failed is not a secret (a found order redirects), so answering
the rest early tells nothing about which orders exist.
"""

from __future__ import annotations

import threading
from collections import Counter

from portal.clock import Clock

SEATS_PER_CLIENT = 1


class TimingFloor:
    def __init__(self, seconds: float, clock: Clock) -> None:
        self._seconds = seconds
        self._clock = clock
        self._waiting: Counter[str] = Counter()
        self._lock = threading.Lock()

    def hold(self, client: str, started: float) -> bool:
        """Wait until the floor since `started` (a monotonic time) has passed; False, at once,
        when this client already has its seats full."""
        wait = self._seconds - (self._clock.monotonic() - started)
        if wait <= 0:
            return True
        with self._lock:
            if self._waiting[client] >= SEATS_PER_CLIENT:
                return False
            self._waiting[client] += 1
        try:
            self._clock.sleep(wait)
        finally:
            with self._lock:
                self._waiting[client] -= 1
                if not self._waiting[client]:
                    del self._waiting[client]
        return True
