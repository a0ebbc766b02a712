"""ShopSettings: the store's name, time zone and order-number format, as Shopify states them,
refreshed hourly and kept as a last good copy while Shopify fails."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from portal.clock import Deadline
from portal.failures import Unavailable
from portal.shopify import queries
from portal.shopify.client import ShopifyClient
from portal.store.cache import OrderCache

_RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class ShopInfo:
    name: str
    timezone: str
    prefix: str
    suffix: str


FALLBACK_SHOP = ShopInfo(name="", timezone="UTC", prefix="#", suffix="")


class ShopSettings:
    """Reads the shop's settings from memory, then Redis, then Shopify."""

    def __init__(self, client: ShopifyClient, cache: OrderCache, ttl: int = 3600,
                 keep_for: int = 86400) -> None:
        self._client = client
        self._cache = cache
        self._ttl = ttl
        self._keep_for = keep_for
        self._held: tuple[ShopInfo, float] | None = None

    def get(self, deadline: Deadline | None = None) -> ShopInfo:
        """Return the settings, at most an hour old unless Shopify is failing."""
        if self._held and time.monotonic() < self._held[1]:
            return self._held[0]
        cached = json.loads(self._cache.get("shop") or "null")
        if cached and time.time() - cached["at"] < self._ttl:
            return self._hold(ShopInfo(**cached["shop"]), self._ttl)
        limit = deadline.capped(2.0) if deadline else Deadline.after(2.0)
        try:
            node = self._client.execute(queries.SHOP_QUERY, {}, limit)["shop"]
        except Unavailable:
            # Keep what we have and ask again in a little while, not on every request.
            last = self._last_good(cached)
            return self._hold(last, _RETRY_SECONDS if last is not FALLBACK_SHOP else 5.0)
        info = ShopInfo(name=node["name"], timezone=node["ianaTimezone"],
                        prefix=node["orderNumberFormatPrefix"], suffix=node["orderNumberFormatSuffix"])
        self._cache.set("shop", json.dumps({"at": time.time(), "shop": asdict(info)}), self._keep_for)
        return self._hold(info, self._ttl)

    def read(self, deadline: Deadline | None = None) -> ShopInfo:
        """Return the settings as Shopify stated them; raises Unavailable rather than guess,
        since a guessed order-number format would turn a right pair into 'not found'."""
        info = self.get(deadline)
        if info is FALLBACK_SHOP:
            raise Unavailable("the shop's settings could not be read")
        return info

    def known(self) -> ShopInfo | None:
        """The settings if this process already has them; never asks Redis or Shopify."""
        return self._held[0] if self._held else None

    def _last_good(self, cached: dict[str, Any] | None) -> ShopInfo:
        if self._held:
            return self._held[0]
        return ShopInfo(**cached["shop"]) if cached else FALLBACK_SHOP

    def _hold(self, info: ShopInfo, seconds: float) -> ShopInfo:
        self._held = (info, time.monotonic() + seconds)
        return info
