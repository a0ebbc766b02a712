"""CustomerOrders: a signed-in shopper's recent orders, for the App Proxy's form page, each
checked to be theirs before it gets a link."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from . import normalise, queries
from .keys import KeyMaker
from .lookup import OrderAccess
from .shipping import when
from .shopify import Deadline, ShopifyClient


@dataclass(frozen=True)
class RecentOrder:
    """One of a signed-in customer's orders, as the form page lists them."""

    access: OrderAccess
    name: str
    placed_at: datetime
    fulfillment_status: str


class CustomerOrders:
    def __init__(self, client: ShopifyClient, keys: KeyMaker, deadline: float) -> None:
        self._client = client
        self._keys = keys
        self._deadline = deadline

    def recent(self, customer_id: str) -> list[RecentOrder]:
        """Return the customer's recent orders that really are theirs; raises ShopifyError."""
        customer = f"gid://shopify/Customer/{customer_id}"
        data = self._client.execute(queries.CUSTOMER_ORDERS_QUERY, {"id": customer},
                                    Deadline.after(self._deadline))
        nodes = ((data.get("customer") or {}).get("orders") or {}).get("nodes") or []
        return [order for order in (self._recent_order(node, customer) for node in nodes) if order]

    def _recent_order(self, node: dict, customer: str) -> RecentOrder | None:
        email = normalise.email(node.get("email") or "")
        owner = (node.get("customer") or {}).get("id") or ""
        # Shopify's answer is trusted no further than each order's own customer id.
        if not email or node.get("test") or not hmac.compare_digest(owner.encode(), customer.encode()):
            return None
        return RecentOrder(OrderAccess(node["id"], self._keys.email_digest(email)), node["name"],
                           when(node["processedAt"]), node.get("displayFulfillmentStatus") or "")
