"""OrderReader: an order behind a link, fresh from the cache or the store, else a stale copy
while the store is unavailable; and the store's own status page, minted on demand."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from portal.clock import SYSTEM_CLOCK, Clock, Deadline
from portal.failures import Unavailable
from portal.lookup.invalidation import CacheIndex
from portal.lookup.keys import KeyMaker
from portal.lookup.ownership import OrderAccess, Ownership
from portal.lookup.shop import ShopSettings
from portal.lookup.source import OrderSource
from portal.model import Order
from portal.store.cache import OrderCache
from portal.store.envelope import Stored
from portal.store.flight import SingleFlight

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedOrder:
    order: Order
    fetched_at: datetime
    stale: bool


@dataclass(frozen=True)
class ReadTimes:
    order_ttl: int
    stale_ttl: int
    deadline: float


class OrderReader:
    def __init__(self, source: OrderSource, cache: OrderCache, keys: KeyMaker, shop: ShopSettings,
                 index: CacheIndex, flight: SingleFlight, times: ReadTimes,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self._source = source
        self._cache = cache
        self._keys = keys
        self._ownership = Ownership(keys)
        self._shop = shop
        self._index = index
        self._flight = flight
        self._times = times
        self._clock = clock
        self._recent = RecentReads(clock)

    def load(self, access: OrderAccess) -> LoadedOrder | None:
        """Return the order for this access, fresh from the cache or the store, else a stale copy
        when the store fails; None when the order is gone or no longer belongs to that email."""
        key = self._keys.order(access.order_id, access.email_digest)
        recent = self._recent.get(key, self._index.generation)
        if recent and self._fresh(recent):
            return _loaded(recent)
        entry = self._cache.read(Order, key)
        if entry and self._fresh(entry):
            self._recent.put(key, entry, self._index.generation)
            return _loaded(entry)
        try:
            return self._flight.run(key, lambda: self._fresh_entry(key),
                                    lambda: self._fetch(access, key))
        except Unavailable:
            if entry is None:
                raise
            log.warning("event=stale_copy order=%s fetched_at=%s", entry.value.name,
                        _instant(entry.written_at).isoformat())
            return _loaded(entry, stale=True)

    def status_page_url(self, access: OrderAccess) -> str | None:
        """Return a freshly minted link to the store's order status page, never cached."""
        page = self._source.status_page(access.order_id, Deadline.after(self._times.deadline))
        if page is None or not self._ownership.belongs(page.facts, access.email_digest):
            return None
        return page.url

    def _fresh(self, entry: Stored[Order]) -> bool:
        return self._clock.now() - entry.written_at < self._times.order_ttl

    def _fresh_entry(self, key: str) -> LoadedOrder | None:
        entry = self._cache.read(Order, key)
        return _loaded(entry) if entry and self._fresh(entry) else None

    def _fetch(self, access: OrderAccess, key: str) -> LoadedOrder | None:
        started = self._clock.now()
        deadline = Deadline.after(self._times.deadline)
        shop = self._shop.get(deadline)
        sourced = self._source.order(access.order_id, shop.timezone, deadline)
        if sourced is None or not self._ownership.belongs(sourced.facts, access.email_digest):
            self._cache.delete(key)
            return None
        fetched_at = self._clock.now()
        if not self._index.changed_since(access.order_id, started):
            # Stamped as shown, so this page and the next reader's copy are the same version.
            self._cache.write(key, sourced.order, self._times.stale_ttl, written_at=fetched_at)
            self._index.note(key, access.order_id, access.email_digest)
        return LoadedOrder(sourced.order, _instant(fetched_at), stale=False)


class RecentReads:
    """What this worker read from the cache in the last second, so a page viewed many times a
    second (a sale, a crowd on one order) asks Redis once a second, not once a view. A change
    that this process is told of (a webhook) drops them at once; one told to another instance
    shows here within RECENT_SECONDS."""

    RECENT_SECONDS = 1.0
    MAX_ENTRIES = 128

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._entries: OrderedDict[str, tuple[Stored[Order], int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, generation: int) -> Stored[Order] | None:
        with self._lock:
            held = self._entries.get(key)
        if held is None or held[1] != generation \
                or self._clock.monotonic() - held[2] >= self.RECENT_SECONDS:
            return None
        return held[0]

    def put(self, key: str, entry: Stored[Order], generation: int) -> None:
        with self._lock:
            self._entries[key] = (entry, generation, self._clock.monotonic())
            self._entries.move_to_end(key)
            while len(self._entries) > self.MAX_ENTRIES:
                self._entries.popitem(last=False)


def _instant(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _loaded(entry: Stored[Order], stale: bool = False) -> LoadedOrder:
    return LoadedOrder(entry.value, _instant(entry.written_at), stale=stale)
