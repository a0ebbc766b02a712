"""Time seams: a wall-clock deadline for one piece of work, and the clocks tests can replace."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Deadline:
    """A wall-clock limit for one lookup, because requests' timeouts are per socket read."""

    expires_at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.expires_at - time.monotonic()

    def capped(self, seconds: float) -> Deadline:
        """This deadline, or `seconds` from now if that comes first: a wait that holds a thread
        is kept short even when the lookup has longer."""
        return Deadline(min(self.expires_at, time.monotonic() + seconds))


class Clock(Protocol):
    """Where the portal reads the time, so tests can move it instead of sleeping."""

    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for durations."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The machine's clocks."""

    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK = SystemClock()
