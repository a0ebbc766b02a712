"""Failure switches for resilience tests: queued, counted, and safe to flip while serving."""

from __future__ import annotations

import threading
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
    released_at: int = 0  # a hang ends once `Faults.release()` has run this many times


class Faults:
    """A queue of switches; each request takes the one at the head.

    `add("server_error", times=2, status=503)` fails the next two requests; `times=None`
    keeps failing until `clear()`. Queued switches apply one after the other. `release()`
    ends every hang queued before it, including requests that have not reached it yet.
    """

    def __init__(self) -> None:
        self._queue: list[Fault] = []
        self._changed = threading.Condition()
        self._releases = 0
        self.stopping = threading.Event()
        self.latency = 0.0

    def add(self, kind: str, times: int | None = 1, **options: Any) -> None:
        """Queue a switch; ValueError for an unknown kind."""
        if kind not in KINDS:
            raise ValueError(f"unknown failure {kind!r}; choose from {sorted(KINDS)}")
        with self._changed:
            self._queue.append(Fault(kind, times, options, self._releases + 1))

    def clear(self) -> None:
        """Drop every queued switch and let hanging requests go."""
        with self._changed:
            self._queue.clear()
        self.release()

    def take(self) -> Fault | None:
        """Return the switch for this request, counting it down, or None."""
        with self._changed:
            if not self._queue:
                return None
            fault = self._queue[0]
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._queue.pop(0)
            return fault

    def release(self) -> None:
        """End the hangs queued so far, whether their requests are hanging yet or not."""
        with self._changed:
            self._releases += 1
            self._changed.notify_all()

    def hang(self, fault: Fault) -> None:
        """Block until `release()`, the server stops, or the switch's `seconds` (30) pass."""
        seconds = min(float(fault.options.get("seconds", HANG_LIMIT)), HANG_LIMIT)
        with self._changed:
            self._changed.wait_for(
                lambda: self._releases >= fault.released_at or self.stopping.is_set(), seconds)

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
