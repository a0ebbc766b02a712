"""What the cache holds about each order and email, so a webhook or a privacy request can drop
exactly that, and a read of the store already under way cannot put an old copy back."""

from __future__ import annotations

from portal.clock import SYSTEM_CLOCK, Clock
from portal.lookup import normalise
from portal.lookup.keys import KeyMaker
from portal.store.cache import OrderCache

# Shopify retries a failed webhook delivery for up to a few hours; a day covers every retry.
DELIVERY_TTL = 24 * 3600


class CacheIndex:
    """Notes every cached key under the order and the email it concerns."""

    def __init__(self, cache: OrderCache, keys: KeyMaker, ttl: int,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self._cache = cache
        self._keys = keys
        self._ttl = ttl
        self._clock = clock
        # Counts the drops this process made, so what it holds in memory knows it is out of date.
        self.generation = 0

    def note(self, key: str, order_id: str, email_digest: str) -> None:
        """Remember that `key` holds data of this order, opened with this email."""
        self._cache.remember(self._keys.email_index(email_digest), key, self._ttl)
        self._cache.remember(self._keys.order_index(order_id), key, self._ttl)

    def changed_since(self, order_id: str, moment: float) -> bool:
        """True when the order was said to change at or after `moment` (epoch seconds)."""
        changed = self._cache.read(float, self._keys.changed(order_id))
        return changed is not None and changed.value >= moment

    def forget_order(self, order_id: str) -> None:
        """Drop everything cached about one order, so the next lookup shows its changes."""
        # A read of the store already under way may hold the old order: it must not store it back.
        self._cache.write(self._keys.changed(order_id), self._clock.now(), self._ttl)
        self._cache.forget(self._keys.order_index(order_id))
        self.generation += 1

    def forget_customer(self, email: str | None, order_ids: list[str]) -> None:
        """Drop everything cached for a customer's email and orders (a redact request)."""
        self.generation += 1
        address = normalise.email(email or "")
        if address:
            self._cache.forget(self._keys.email_index(self._keys.email_digest(address)))
        for order_id in order_ids:
            self.forget_order(order_id)

    def forget_everything(self) -> None:
        """Drop every cached entry of the store."""
        self._cache.clear()
        self.generation += 1

    def first_delivery(self, delivery: str) -> bool:
        """True the first time a webhook delivery is seen (and whenever Redis cannot tell)."""
        return self._cache.claim("webhook:" + delivery, DELIVERY_TTL)

    def reachable(self) -> bool:
        """True when the cache answers, so dropping entries would take effect."""
        return self._cache.ping()
