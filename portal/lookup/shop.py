"""ShopSettings: the store's name, time zone and order-number format, as the store states them,
refreshed hourly and kept as a last good copy while the store cannot be asked."""

from __future__ import annotations

from portal.clock import SYSTEM_CLOCK, Clock, Deadline
from portal.failures import Unavailable
from portal.lookup.source import OrderSource
from portal.model import ShopInfo
from portal.store.cache import OrderCache

_RETRY_SECONDS = 30.0
_FIRST_RETRY_SECONDS = 5.0
_KEY = "shop"

FALLBACK_SHOP = ShopInfo(name="", timezone="UTC", prefix="#", suffix="")


class ShopSettings:
    """Reads the shop's settings from memory, then Redis, then the store."""

    def __init__(self, source: OrderSource, cache: OrderCache, ttl: int = 3600,
                 keep_for: int = 86400, clock: Clock = SYSTEM_CLOCK) -> None:
        self._source = source
        self._cache = cache
        self._ttl = ttl
        self._keep_for = keep_for
        self._clock = clock
        self._held: tuple[ShopInfo, float] | None = None

    def get(self, deadline: Deadline | None = None) -> ShopInfo:
        """Return the settings, at most an hour old unless the store is failing."""
        if self._held and self._clock.monotonic() < self._held[1]:
            return self._held[0]
        cached = self._cache.read(ShopInfo, _KEY)
        if cached and self._clock.now() - cached.written_at < self._ttl:
            return self._hold(cached.value, self._ttl)
        limit = deadline.capped(2.0) if deadline else Deadline.after(2.0)
        try:
            info = self._source.shop(limit)
        except Unavailable:
            # Keep what we have and ask again in a little while, not on every request.
            last = self._held[0] if self._held else cached.value if cached else FALLBACK_SHOP
            return self._hold(last, _RETRY_SECONDS if last is not FALLBACK_SHOP
                              else _FIRST_RETRY_SECONDS)
        self._cache.write(_KEY, info, self._keep_for)
        return self._hold(info, self._ttl)

    def read(self, deadline: Deadline | None = None) -> ShopInfo:
        """Return the settings as the store stated them; raises Unavailable rather than guess,
        since a guessed order-number format would turn a right pair into 'not found'."""
        info = self.get(deadline)
        if info is FALLBACK_SHOP:
            raise Unavailable("the shop's settings could not be read")
        return info

    def known(self) -> ShopInfo | None:
        """The settings if this process already has them; never asks Redis or the store."""
        return self._held[0] if self._held else None

    def _hold(self, info: ShopInfo, seconds: float) -> ShopInfo:
        self._held = (info, self._clock.monotonic() + seconds)
        return info
