"""In-memory implementations of the store's interfaces, on a clock the test controls.

MemoryOrderCache keeps RedisOrderCache's contract: values sealed in the one envelope, a TTL on every
key, index sets whose TTL each `remember` renews, `claim` and `lock` that only the first caller wins
until their TTL runs out, and the fail-open answers of an unreachable Redis while `reachable` is False.
"""

from __future__ import annotations

import threading
from typing import Any

from portal.clock import Clock
from portal.store.envelope import Stored, seal, unseal


class MemoryOrderCache:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[Any, float]] = {}
        self._lock = threading.Lock()
        self.reachable = True

    def read(self, kind: Any, key: str) -> Stored[Any] | None:
        value = self._live(key)
        return unseal(kind, value) if isinstance(value, str) else None

    def write(self, key: str, value: Any, ttl: int, written_at: float | None = None) -> None:
        self._put(key, seal(value, self._clock.now() if written_at is None else written_at), ttl)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def remember(self, index: str, key: str, ttl: int) -> None:
        members = self._live(index)
        self._put(index, (members if isinstance(members, frozenset) else frozenset()) | {key}, ttl)

    def forget(self, index: str) -> None:
        members = self._live(index)
        self.delete(index, *(members if isinstance(members, frozenset) else ()))

    def clear(self) -> None:
        if self.reachable:
            with self._lock:
                self._entries.clear()

    def claim(self, key: str, ttl: int) -> bool:
        return self._put_new("seen:" + key, ttl)

    def lock(self, key: str, ttl_ms: int) -> bool:
        return self._put_new("lock:" + key, ttl_ms / 1000)

    def unlock(self, key: str) -> None:
        self.delete("lock:" + key)

    def ping(self) -> bool:
        return self.reachable

    def failing(self) -> bool:
        return not self.reachable

    def ttl(self, key: str) -> float | None:
        """Seconds `key` has left, None when it is not there: what Redis's TTL command answers."""
        with self._lock:
            entry = self._entries.get(key)
        return entry[1] - self._clock.now() if entry and self._live(key) is not None else None

    def live_keys(self) -> set[str]:
        return {key for key in list(self._entries) if self._live(key) is not None}

    def _live(self, key: str) -> Any:
        if not self.reachable:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[1] > self._clock.now():
                return entry[0] if entry else None
            del self._entries[key]
            return None

    def _put(self, key: str, value: Any, ttl: float) -> None:
        if self.reachable:
            with self._lock:
                self._entries[key] = (value, self._clock.now() + ttl)

    def _put_new(self, key: str, ttl: float) -> bool:
        # Like SET NX; and like RedisOrderCache, True while unreachable (processing twice is harmless).
        if not self.reachable:
            return True
        if self._live(key) is not None:
            return False
        with self._lock:
            if key in self._entries:
                return False
            self._entries[key] = (seal(True, self._clock.now()), self._clock.now() + ttl)
            return True


class MemoryCounters:
    """Counters as RedisCounters keeps them: a window opens at a name's first count, a refused
    take counts nothing, and a give-back never goes below zero or outlives its window."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def take(self, name: str, seconds: int, limit: int) -> bool:
        with self._lock:
            count, ends = self._window(name, seconds)
            if count >= limit:
                return False
            self._counts[f"{name}:{seconds}"] = (count + 1, ends or self._clock.now() + seconds)
            return True

    def give_back(self, name: str, seconds: int) -> None:
        with self._lock:
            count, ends = self._window(name, seconds)
            if count > 0:
                self._counts[f"{name}:{seconds}"] = (count - 1, ends)

    def count(self, name: str, seconds: int) -> int:
        return self._window(name, seconds)[0]

    def seconds_left(self, name: str, seconds: int) -> float:
        ends = self._window(name, seconds)[1]
        return max(0.0, ends - self._clock.now()) if ends else 0.0

    def _window(self, name: str, seconds: int) -> tuple[int, float]:
        count, ends = self._counts.get(f"{name}:{seconds}", (0, 0.0))
        return (count, ends) if ends > self._clock.now() else (0, 0.0)
