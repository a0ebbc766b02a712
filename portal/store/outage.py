"""Outage: one backend's failures, logged once when they start and once when they end, and a
short pause after each so that every call does not wait for its own timeout."""

from __future__ import annotations

import logging
import threading

from portal.clock import SYSTEM_CLOCK, Clock


class Outage:
    def __init__(self, log: logging.Logger, down_message: str, up_message: str,
                 pause_seconds: float, clock: Clock = SYSTEM_CLOCK) -> None:
        self._log = log
        self._down_message = down_message
        self._up_message = up_message
        self._pause = pause_seconds
        self._clock = clock
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    def pausing(self) -> bool:
        """True shortly after a failure: skip the backend rather than wait on it again."""
        failed_at = self._failed_at
        return failed_at is not None and self._clock.monotonic() - failed_at < self._pause

    def ongoing(self) -> bool:
        """True from a failure until the backend answers again."""
        return self._failed_at is not None

    def failed(self, error: Exception) -> bool:
        """Note a failure; True when it starts an outage."""
        with self._lock:
            started = self._failed_at is None
            self._failed_at = self._clock.monotonic()
        if started:
            self._log.warning(self._down_message, type(error).__name__)
        return started

    def answered(self) -> None:
        if self._failed_at is None:
            return
        with self._lock:
            ended = self._failed_at is not None
            self._failed_at = None
        if ended:
            self._log.warning(self._up_message)
