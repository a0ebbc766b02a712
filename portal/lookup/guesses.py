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

from portal.store.counters import Counters

CEILING_FACTOR = 4
CLEAN_CLIENT_FAILURES = 3
_CLIENT_WINDOW = 3600


@dataclass(frozen=True)
class Reservation:
    """Counted attempts (counter name, window), given back when the lookup succeeds."""

    counted: tuple[tuple[str, int], ...]
    first_try: bool


@dataclass(frozen=True)
class _Limit:
    name: str
    seconds: int
    amount: int


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
        taken: list[tuple[str, int]] = []
        for limit in self._limits(order_key, email_key):
            if not self._counters.take(limit.name, limit.seconds, limit.amount * factor):
                self.release(Reservation(tuple(taken), failures == 0))
                return None
            taken.append((limit.name, limit.seconds))
        # Only a history, never a lock: the per-address limit bounds how often a client asks.
        self._counters.take(_client(client_key), _CLIENT_WINDOW, 2**31)
        return Reservation((*taken, (_client(client_key), _CLIENT_WINDOW)), failures == 0)

    def release(self, reservation: Reservation) -> None:
        """Give the counted attempts back: the lookup succeeded, so they were not guesses."""
        for name, seconds in reservation.counted:
            self._counters.give_back(name, seconds)

    def retry_after(self, order_key: str, email_key: str) -> int:
        """Seconds until the longest window on these facts ends."""
        waits = [self._counters.seconds_left(limit.name, limit.seconds)
                 for limit in self._limits(order_key, email_key)]
        return max(1, int(max(waits, default=0)) + 1)

    def _limits(self, order_key: str, email_key: str) -> list[_Limit]:
        return [*_each("order:" + order_key, self._per_order),
                *_each("email:" + email_key, self._per_email)]


def _each(name: str, items: list[RateLimitItem]) -> list[_Limit]:
    return [_Limit(f"guess:{name}", item.get_expiry(), item.amount) for item in items]


def _client(client_key: str) -> str:
    return "guess:client:" + client_key
