"""OrderLookup: the rules for opening an order with two facts.

"No such order" is a normal result, not an exception, and a wrong email is exactly that.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar

from portal.clock import SYSTEM_CLOCK, Clock, Deadline
from portal.failures import Unavailable
from portal.lookup import normalise
from portal.lookup.floor import TimingFloor
from portal.lookup.guesses import GuessLimits
from portal.lookup.invalidation import CacheIndex
from portal.lookup.keys import KeyMaker
from portal.lookup.misses import MissMemory
from portal.lookup.ownership import OrderAccess, Ownership
from portal.lookup.shop import ShopSettings
from portal.lookup.source import OrderSource
from portal.model import OrderFacts, OrderQuery, ShopInfo
from portal.store.budget import without_reserve
from portal.store.cache import OrderCache
from portal.store.flight import SharedCalls, SingleFlight

log = logging.getLogger(__name__)

# A client with a failed lookup already waiting out the timing floor is told to try again soon.
_BUSY_RETRY_AFTER = 2


@dataclass(frozen=True)
class Found:
    """The two facts open an order: the access to grant and the order's name for the log."""

    kind: ClassVar[str] = "found"

    access: OrderAccess
    name: str


@dataclass(frozen=True)
class NotFound:
    """No order for these two facts; the same answer whether the number or the email was wrong."""

    kind: ClassVar[str] = "not_found"


@dataclass(frozen=True)
class Locked:
    """Too many failed guesses on the order number or the email: try again after a while."""

    kind: ClassVar[str] = "locked"

    retry_after: int


@dataclass(frozen=True)
class Invalid:
    """What was typed cannot be an order number and an email at all."""

    kind: ClassVar[str] = "invalid"


Outcome = Found | NotFound | Locked | Invalid


@dataclass(frozen=True)
class Match:
    """What is cached under a pair of facts: the order they open, or none."""

    order_id: str | None
    name: str | None


@dataclass(frozen=True)
class LookupTimes:
    not_found_ttl: int
    not_found_floor: float = 0.0
    stale_ttl: int = 86400
    deadline: float = 8.0


class OrderLookup:
    """Finds orders safely: counted guesses, a cached answer per pair, one check of ownership."""

    def __init__(self, source: OrderSource, cache: OrderCache, keys: KeyMaker,
                 shop: ShopSettings, guesses: GuessLimits, index: CacheIndex,
                 flight: SingleFlight, times: LookupTimes, clock: Clock = SYSTEM_CLOCK) -> None:
        self._source = source
        self._cache = cache
        self._keys = keys
        self._ownership = Ownership(keys)
        self._shop = shop
        self._guesses = guesses
        self._index = index
        self._flight = flight
        self._times = times
        self._clock = clock
        self._floor = TimingFloor(times.not_found_floor, clock)
        self._submits = SharedCalls(times.deadline + times.not_found_floor)
        self._misses = MissMemory(times.not_found_ttl, clock)

    def submit(self, order_input: str, email_input: str, client: str) -> Outcome:
        """Look up what `client` (a keyed hash of its address) typed, counting it as a guess
        until it opens an order. Raises Unavailable (and counts nothing) when the store cannot
        be asked."""
        started = self._clock.monotonic()
        deadline = Deadline.after(self._times.deadline)
        shop = self._shop.read(deadline)
        query = _query(order_input, email_input, shop)
        if query is None:
            return Invalid()
        # Shoppers who send the same pair at once (a double click, several tabs, a crowd on one
        # order) make one guess: the repeats tell nothing new, so they share its answer. Each
        # still waits out the not-found floor on its own account.
        key = self._keys.lookup(query.number, query.email)
        answer = self._submits.run(key, lambda: self._counted(query, key, shop, deadline, client))
        if answer is not None:
            return answer
        return NotFound() if self._floor.hold(client, started) else Locked(_BUSY_RETRY_AFTER)

    def _counted(self, query: OrderQuery, key: str, shop: ShopInfo, deadline: Deadline,
                 client: str) -> Found | Locked | None:
        """The order the pair opens, or Locked, or None for no such order; one guess counted
        until the pair opens an order."""
        order_key = self._keys.guess("order:" + query.number)
        email_key = self._keys.guess("email:" + query.email)
        reservation = self._guesses.reserve(order_key, email_key, client)
        if reservation is None:
            return Locked(self._guesses.retry_after(order_key, email_key))
        try:
            # Only a client that has not been guessing may use the reserved share of the
            # store's Shopify budget, so a flood of unique guesses cannot take all of it.
            with nullcontext() if reservation.first_try else without_reserve():
                found = self._open(query, key, shop, deadline)
        except Unavailable:
            # The store failing is not the shopper guessing: don't count it against them.
            self._guesses.release(reservation)
            raise
        if found is not None:
            self._guesses.release(reservation)
        return found

    def _open(self, query: OrderQuery, key: str, shop: ShopInfo,
              deadline: Deadline) -> Found | None:
        """The order the pair (cached under `key`) opens, from the cache or one search."""
        digest = self._keys.email_digest(query.email)

        def search() -> Match:
            match = self._search(query, digest, shop, deadline)
            # A found order's pair lives as long as its last good copy, so the copy can still be
            # reached while the store is down; the order page re-checks the email on every read.
            self._cache.write(key, match, self._times.stale_ttl if match.order_id
                              else self._times.not_found_ttl)
            if match.order_id:
                self._index.note(key, match.order_id, digest)
            return match

        match = self._flight.run(key, lambda: self._cached_match(key), search)
        if match.order_id is None or match.name is None:
            self._misses.note(key)
            return None
        return Found(OrderAccess(match.order_id, digest), match.name)

    def _cached_match(self, key: str) -> Match | None:
        if self._cache.failing() and self._misses.missed(key):
            return Match(None, None)
        stored = self._cache.read(Match, key)
        return stored.value if stored else None

    def _search(self, query: OrderQuery, digest: str, shop: ShopInfo,
                deadline: Deadline) -> Match:
        found: OrderFacts | None = None
        # Every candidate is checked, so the time taken does not depend on where a match sits.
        for facts in self._source.candidates(query, shop, deadline):
            if self._matches(facts, query, digest, shop) and found is None:
                found = facts
        return Match(found.id, found.name) if found else Match(None, None)

    def _matches(self, facts: OrderFacts, query: OrderQuery, email_digest: str,
                 shop: ShopInfo) -> bool:
        """The exact check the store's fuzzy search cannot be trusted with."""
        name = normalise.strip_affixes(facts.name, shop.prefix, shop.suffix)
        confirmation = (facts.confirmation_number or "").upper()
        number_matches = name == query.number or (query.may_be_confirmation
                                                  and confirmation == query.number)
        return self._ownership.belongs(facts, email_digest) and number_matches


def _query(order_input: str, email_input: str, shop: ShopInfo) -> OrderQuery | None:
    """What was typed, normalised under the store's order-number format; None if malformed."""
    ref = normalise.order_ref(order_input, shop.prefix, shop.suffix)
    email = normalise.email(email_input)
    return OrderQuery(ref.core, ref.may_be_confirmation, email) if ref and email else None
