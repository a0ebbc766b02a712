"""OrderSource: what the lookup needs from the store's back office, as typed values.

The Shopify adapter implements it (portal.shopify.orders.ShopifyOrders); tests may pass any other
implementation. Every method may raise portal.failures.Unavailable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from portal.clock import Deadline
from portal.model import CustomerOrder, OrderFacts, OrderQuery, ShopInfo, SourcedOrder, StatusPage


class OrderSource(Protocol):
    def shop(self, deadline: Deadline) -> ShopInfo:
        """The store's name, time zone and order-number format."""
        ...

    def candidates(self, query: OrderQuery, shop: ShopInfo,
                   deadline: Deadline) -> Sequence[OrderFacts]:
        """Orders that may match; the search may be loose, so the lookup checks each one."""
        ...

    def order(self, order_id: str, timezone: str, deadline: Deadline) -> SourcedOrder | None:
        """One order with all its line items, or None when it no longer exists."""
        ...

    def status_page(self, order_id: str, deadline: Deadline) -> StatusPage | None:
        """A freshly minted link to the store's order status page for one order."""
        ...

    def recent_orders(self, customer_id: str, deadline: Deadline) -> Sequence[CustomerOrder]:
        """A customer's most recent orders, newest first."""
        ...
