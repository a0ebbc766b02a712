"""CustomerOrders: a signed-in shopper's recent orders, for the App Proxy's form page, each
checked to be theirs before it gets a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.clock import Deadline
from portal.lookup.keys import KeyMaker
from portal.lookup.ownership import OrderAccess, Ownership
from portal.lookup.source import OrderSource
from portal.store.cache import OrderCache


@dataclass(frozen=True)
class RecentOrder:
    """One of a signed-in customer's orders, as the form page lists them."""

    access: OrderAccess
    name: str
    placed_at: datetime
    fulfillment_status: str


class CustomerOrders:
    def __init__(self, source: OrderSource, cache: OrderCache, keys: KeyMaker, ttl: int,
                 deadline: float) -> None:
        self._source = source
        self._cache = cache
        self._keys = keys
        self._ownership = Ownership(keys)
        self._ttl = ttl
        self._deadline = deadline

    def recent(self, customer_id: str) -> tuple[RecentOrder, ...]:
        """Return the customer's recent orders that really are theirs; raises Unavailable.
        Cached briefly, since every visit to the form page would otherwise ask the store."""
        key = self._keys.customer(customer_id)
        cached = self._cache.read(tuple[RecentOrder, ...], key)
        if cached:
            return tuple(cached.value)
        customer = f"gid://shopify/Customer/{customer_id}"
        found = self._source.recent_orders(customer, Deadline.after(self._deadline))
        orders = tuple(
            RecentOrder(access, order.facts.name, order.placed_at, order.fulfillment_status)
            for order in found
            # The store's answer is trusted no further than each order's own customer id.
            if order.facts.customer_id == customer and (access := self._ownership.access(order.facts)))
        self._cache.write(key, orders, self._ttl)
        return orders
