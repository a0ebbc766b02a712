"""Failed-guess limits per order number and per email, so two facts cannot be guessed."""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse_many

from portal.store.counters import FailoverCounters


@dataclass(frozen=True)
class Reservation:
    """Counted attempts, given back when the lookup succeeds."""

    keys: tuple[tuple[RateLimitItem, str], ...]


class GuessLimits:
    """Failed lookups per order number and per email, counted before the lookup so that a burst of
    concurrent guesses cannot slip past (test-then-count is not atomic; an increment is)."""

    def __init__(self, counters: FailoverCounters, per_order: str, per_email: str) -> None:
        self._counters = counters
        self._per_order = parse_many(per_order)
        self._per_email = parse_many(per_email)

    def reserve(self, order_key: str, email_key: str) -> Reservation | None:
        """Count one attempt against both facts; None (nothing counted) when either is locked."""
        wanted = [(item, "order:" + order_key) for item in self._per_order] + \
                 [(item, "email:" + email_key) for item in self._per_email]
        taken: list[tuple[RateLimitItem, str]] = []
        for item, key in wanted:
            allowed = self._counters.hit(item, key)
            taken.append((item, key))
            if not allowed:
                self.release(Reservation(tuple(taken)))
                return None
        return Reservation(tuple(taken))

    def release(self, reservation: Reservation) -> None:
        """Give the counted attempts back: the lookup succeeded, so they were not guesses."""
        for item, key in reservation.keys:
            self._counters.give_back(item, key)

    def retry_after(self, order_key: str, email_key: str) -> int:
        """Seconds until the longest lock on these facts ends."""
        waits = [self._counters.seconds_left(item, key)
                 for items, key in ((self._per_order, "order:" + order_key),
                                    (self._per_email, "email:" + email_key))
                 for item in items]
        return max(1, int(max(waits, default=0)) + 1)
