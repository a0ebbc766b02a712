"""SingleFlight: concurrent requests for one uncached key cause one Shopify call, not one each."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .cache import OrderCache

T = TypeVar("T")


class SingleFlight:
    """One caller per key computes; the others, in this process or another, wait for its result."""

    def __init__(self, cache: OrderCache, wait_seconds: float = 8.0, poll_seconds: float = 0.05) -> None:
        self._cache = cache
        self._wait = wait_seconds
        self._poll = poll_seconds
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    def run(self, key: str, cached: Callable[[], T | None], compute: Callable[[], T]) -> T:
        """Return the cached value, or compute it once; `compute` must store what it returns."""
        with self._local_lock(key):
            value = cached()
            if value is not None:
                return value
            if self._cache.lock(key, int(self._wait * 1000)):
                try:
                    return compute()
                finally:
                    self._cache.unlock(key)
            return self._await_other_process(cached, compute)

    def _await_other_process(self, cached: Callable[[], T | None], compute: Callable[[], T]) -> T:
        give_up = time.monotonic() + self._wait
        while time.monotonic() < give_up:
            time.sleep(self._poll)
            value = cached()
            if value is not None:
                return value
        # The other caller died or is stuck: better one more call than no answer.
        return compute()

    @contextmanager
    def _local_lock(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key, (threading.Lock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)
