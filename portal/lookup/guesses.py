"""Failed-guess limits per order number and per email, so two facts cannot be guessed, and so
strangers' guesses cannot lock the rightful shopper out.

Every failed guess counts against the order number and the email, from whichever client. Once
the configured number is spent, only clients with a clean history (fewer than
CLEAN_CLIENT_FAILURES failed guesses of their own in the last hour) may still try, up to a
ceiling of CEILING_FACTOR times the limit. A guesser spread over many addresses therefore gets
the ceiling at most, and the owner, who has not been guessing, still gets in after strangers
have spent the ordinary limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse_many

from portal.store.counters import Counters, Window, take_all

CEILING_FACTOR = 4
CLEAN_CLIENT_FAILURES = 3
_CLIENT_WINDOW = 3600


@dataclass(frozen=True)
class Reservation:
    """Counted attempts, given back when the lookup succeeds."""

    counted: tuple[Window, ...]
    first_try: bool


class GuessLimits:
    """Failed lookups per order number and per email, counted before the lookup so that a burst of
    concurrent guesses cannot slip past (test-then-count is not atomic; one script is)."""

    def __init__(self, counters: Counters, per_order: str, per_email: str) -> None:
        self._counters = counters
        self._per_order = parse_many(per_order)
        self._per_email = parse_many(per_email)

    def reserve(self, order_key: str, email_key: str, client_key: str) -> Reservation | None:
        """Count one attempt against both facts and the client; None (nothing counted) when
        either fact is locked for this client."""
        failures = self._counters.count(_client(client_key), _CLIENT_WINDOW)
        factor = CEILING_FACTOR if failures < CLEAN_CLIENT_FAILURES else 1
        windows = [Window(w.name, w.seconds, w.limit * factor)
                   for w in self._limits(order_key, email_key)]
        # The client's history is no lock (the per-address limit bounds how often it asks).
        history = Window(_client(client_key), _CLIENT_WINDOW, 2**31)
        if take_all(self._counters, [*windows, history]) is not None:
            return None
        return Reservation((*windows, history), failures == 0)

    def release(self, reservation: Reservation) -> None:
        """Give the counted attempts back: the lookup succeeded, so they were not guesses."""
        for window in reservation.counted:
            self._counters.give_back(window.name, window.seconds)

    def retry_after(self, order_key: str, email_key: str) -> int:
        """Seconds until the longest window on these facts ends."""
        waits = [self._counters.seconds_left(w.name, w.seconds)
                 for w in self._limits(order_key, email_key)]
        return max(1, int(max(waits, default=0)) + 1)

    def _limits(self, order_key: str, email_key: str) -> list[Window]:
        return [*_each("order:" + order_key, self._per_order),
                *_each("email:" + email_key, self._per_email)]


def _each(name: str, items: list[RateLimitItem]) -> list[Window]:
    return [Window(f"guess:{name}", item.get_expiry(), item.amount) for item in items]


def _client(client_key: str) -> str:
    return "guess:client:" + client_key
