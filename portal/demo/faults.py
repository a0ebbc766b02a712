"""Failure switches for resilience tests: queued, counted, and safe to flip while serving."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

KINDS = frozenset({"server_error", "hang", "drip", "throttled", "throttled_429",
                   "unauthorized", "malformed"})
HANG_LIMIT = 30.0


@dataclass
class Fault:
    """One switch: its kind, how many more requests it hits (None: until cleared), options."""

    kind: str
    remaining: int | None
    options: dict[str, Any] = field(default_factory=dict)


class Faults:
    """A queue of switches; each request takes the one at the head.

    `add("server_error", times=2, status=503)` fails the next two requests; `times=None`
    keeps failing until `clear()`. Queued switches apply one after the other.
    """

    def __init__(self) -> None:
        self._queue: list[Fault] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.stopping = threading.Event()
        self.latency = 0.0

    def add(self, kind: str, times: int | None = 1, **options: Any) -> None:
        """Queue a switch; ValueError for an unknown kind."""
        if kind not in KINDS:
            raise ValueError(f"unknown failure {kind!r}; choose from {sorted(KINDS)}")
        with self._lock:
            self._queue.append(Fault(kind, times, options))

    def clear(self) -> None:
        """Drop every queued switch and let hanging requests go."""
        with self._lock:
            self._queue.clear()
        self.release()

    def take(self) -> Fault | None:
        """Return the switch for this request, counting it down, or None."""
        with self._lock:
            if not self._queue:
                return None
            fault = self._queue[0]
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._queue.pop(0)
            return fault

    def release(self) -> None:
        """Let every request that is hanging now answer."""
        with self._lock:
            released, self._release = self._release, threading.Event()
        released.set()

    def hang(self, seconds: float = HANG_LIMIT) -> None:
        """Block until `release()`, the server stops, or `seconds` pass."""
        with self._lock:
            released = self._release
        deadline = time.monotonic() + min(seconds, HANG_LIMIT)
        while not released.is_set() and not self.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            released.wait(min(remaining, 0.05))

    def pause(self, seconds: float) -> None:
        """Sleep for the simulated latency, waking early if the server stops."""
        if seconds > 0:
            self.stopping.wait(seconds)

    def drip(self, body: bytes, interval: float) -> Iterator[bytes]:
        """Yield the body one byte per `interval`, ending early if the server stops."""
        for index in range(len(body)):
            if index and self.stopping.wait(interval):
                return
            yield body[index:index + 1]
