"""The unit tier's fixtures: the lookup's services wired over in-memory stores on a fake clock."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.lookup.guesses import GuessLimits
from portal.lookup.invalidation import CacheIndex
from portal.lookup.keys import KeyMaker
from portal.lookup.reader import OrderReader, ReadTimes
from portal.lookup.service import LookupTimes, OrderLookup
from portal.lookup.shop import ShopSettings
from portal.store.flight import SingleFlight
from tests.support.clock import FakeClock
from tests.support.memory import MemoryCounters, MemoryOrderCache
from tests.support.orders import MemoryOrderSource, sourced

ORDER_TTL = 60
NOT_FOUND_TTL = 30
STALE_TTL = 86400


@dataclass
class Lookup:
    """One app's lookup services and the in-memory world they run in."""

    clock: FakeClock
    source: MemoryOrderSource
    cache: MemoryOrderCache
    keys: KeyMaker
    shop: ShopSettings
    index: CacheIndex
    lookup: OrderLookup
    reader: OrderReader


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache(clock: FakeClock) -> MemoryOrderCache:
    return MemoryOrderCache(clock)


@pytest.fixture
def source() -> MemoryOrderSource:
    return MemoryOrderSource(sourced(1001, "alice@example.com", confirmation="XPAV284CT"),
                             sourced(1002, "bob@example.com"), sourced(1003, "test@example.com", test=True),
                             sourced(1004, None))


@pytest.fixture
def world(clock: FakeClock, source: MemoryOrderSource, cache: MemoryOrderCache) -> Lookup:
    keys = KeyMaker("unit-secret", "demo-store.myshopify.com")
    shop = ShopSettings(source, cache, keep_for=STALE_TTL, clock=clock)
    index = CacheIndex(cache, keys, STALE_TTL, clock)
    flight = SingleFlight(cache, wait_seconds=2.0, clock=clock)
    guesses = GuessLimits(MemoryCounters(clock), "3 per hour", "5 per hour")
    lookup = OrderLookup(source, cache, keys, shop, guesses, index, flight,
                         LookupTimes(NOT_FOUND_TTL, not_found_floor=0.4, stale_ttl=STALE_TTL), clock)
    reader = OrderReader(source, cache, keys, shop, index, flight,
                         ReadTimes(ORDER_TTL, STALE_TTL, 8.0), clock)
    return Lookup(clock, source, cache, keys, shop, index, lookup, reader)
