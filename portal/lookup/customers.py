"""CustomerOrders: a signed-in shopper's recent orders, for the App Proxy's form page, each
checked to be theirs before it gets a link."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from portal.clock import Deadline
from portal.lookup import normalise
from portal.lookup.keys import KeyMaker
from portal.lookup.service import OrderAccess
from portal.shipping.rules import when
from portal.shopify import queries
from portal.shopify.client import ShopifyClient
from portal.store import codec
from portal.store.cache import OrderCache


@dataclass(frozen=True)
class RecentOrder:
    """One of a signed-in customer's orders, as the form page lists them."""

    access: OrderAccess
    name: str
    placed_at: datetime
    fulfillment_status: str


class CustomerOrders:
    def __init__(self, client: ShopifyClient, cache: OrderCache, keys: KeyMaker, ttl: int,
                 deadline: float) -> None:
        self._client = client
        self._cache = cache
        self._keys = keys
        self._ttl = ttl
        self._deadline = deadline

    def recent(self, customer_id: str) -> tuple[RecentOrder, ...]:
        """Return the customer's recent orders that really are theirs; raises ShopifyError.
        Cached briefly, since every visit to the form page would otherwise ask Shopify."""
        key = "customer:" + self._keys.guess("customer:" + customer_id)
        cached = self._cache.get(key)
        if cached:
            return codec.loads(tuple[RecentOrder, ...], cached)
        customer = f"gid://shopify/Customer/{customer_id}"
        data = self._client.execute(queries.CUSTOMER_ORDERS_QUERY, {"id": customer},
                                    Deadline.after(self._deadline))
        nodes = ((data.get("customer") or {}).get("orders") or {}).get("nodes") or []
        orders = tuple(order for order in (self._recent_order(n, customer) for n in nodes) if order)
        self._cache.set(key, codec.dumps(orders), self._ttl)
        return orders

    def _recent_order(self, node: dict, customer: str) -> RecentOrder | None:
        email = normalise.email(node.get("email") or "")
        owner = (node.get("customer") or {}).get("id") or ""
        # Shopify's answer is trusted no further than each order's own customer id.
        if not email or node.get("test") or not hmac.compare_digest(owner.encode(), customer.encode()):
            return None
        return RecentOrder(OrderAccess(node["id"], self._keys.email_digest(email)), node["name"],
                           when(node["processedAt"]), node.get("displayFulfillmentStatus") or "")
