"""The fake server's call log, so tests can assert what the portal asked and what it got."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request to the GraphQL endpoint and how it was answered."""

    operation: str | None
    variables: dict[str, Any] | None
    status: int
    time: float
    duration: float
    valid: bool = True
    errors: list[str] = field(default_factory=list)
    fault: str | None = None
    query: str | None = None
    requested_cost: int | None = None
    actual_cost: int | None = None


class CallLog:
    """Thread-safe list of calls, oldest first."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
        """Append a call."""
        with self._lock:
            self._calls.append(call)

    def calls(self, operation: str | None = None) -> list[Call]:
        """Return every call, or those of one operation name (e.g. "PortalOrder")."""
        with self._lock:
            return [call for call in self._calls
                    if operation is None or call.operation == operation]

    def reset(self) -> None:
        """Forget every call."""
        with self._lock:
            self._calls.clear()
