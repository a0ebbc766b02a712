"""SingleFlight: concurrent requests for one uncached key cause one Shopify call, not one each."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from portal.clock import SYSTEM_CLOCK, Clock
from portal.failures import Unavailable
from portal.store.cache import OrderCache

T = TypeVar("T")


class _Flight(Generic[T]):
    """One computation under way in this process; its result or error goes to every waiter."""

    result: T  # set before `done`, unless `error` is

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: BaseException | None = None


class SharedCalls:
    """In this process, concurrent callers of one key share the first caller's result or error,
    so a failing Shopify is asked once, not once per waiting request in turn."""

    def __init__(self, wait_seconds: float = 8.0) -> None:
        self._wait = wait_seconds
        self._guard = threading.Lock()
        self._flights: dict[str, _Flight[Any]] = {}

    def run(self, key: str, compute: Callable[[], T]) -> T:
        """Return what `compute` returns, computed once for every concurrent caller of `key`."""
        flight: _Flight[T]
        flight, leader = self._join(key)
        if not leader:
            return self._follow(flight)
        try:
            flight.result = compute()
            return flight.result
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._guard:
                del self._flights[key]
            flight.done.set()

    def _join(self, key: str) -> tuple[_Flight[Any], bool]:
        """The flight under way for `key`, and whether this caller has just started it."""
        with self._guard:
            flight = self._flights.get(key)
            if flight is not None:
                return flight, False
            flight = self._flights[key] = _Flight()
            return flight, True

    def _follow(self, flight: _Flight[T]) -> T:
        if not flight.done.wait(self._wait):
            raise Unavailable("waited too long for the same lookup")
        if flight.error is not None:
            raise flight.error
        return flight.result


class SingleFlight:
    """Callers of one uncached key share one computation: in this process through SharedCalls;
    across processes, a Redis lock lets one compute while the others poll the cache for a
    bounded time."""

    def __init__(self, cache: OrderCache, wait_seconds: float = 8.0, poll_seconds: float = 0.05,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self._cache = cache
        self._wait = wait_seconds
        self._poll = poll_seconds
        self._clock = clock
        self._shared = SharedCalls(wait_seconds)

    def run(self, key: str, cached: Callable[[], T | None], compute: Callable[[], T]) -> T:
        """Return the cached value, or compute it once; `compute` must store what it returns."""
        return self._shared.run(key, lambda: self._lead(key, cached, compute))

    def _lead(self, key: str, cached: Callable[[], T | None], compute: Callable[[], T]) -> T:
        value = cached()
        if value is not None:
            return value
        if self._cache.lock(key, int(self._wait * 1000)):
            try:
                # Another process may have stored the value and let go of the lock between the
                # first look and taking the lock: look again before asking Shopify.
                value = cached()
                return value if value is not None else compute()
            finally:
                self._cache.unlock(key)
        return self._await_other_process(cached, compute)

    def _await_other_process(self, cached: Callable[[], T | None], compute: Callable[[], T]) -> T:
        give_up = self._clock.monotonic() + self._wait
        while self._clock.monotonic() < give_up:
            self._clock.sleep(self._poll)
            value = cached()
            if value is not None:
                return value
        # The other process's caller died or failed: better one more call than no answer.
        return compute()
