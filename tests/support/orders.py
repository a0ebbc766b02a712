"""MemoryOrderSource: an OrderSource over orders held in memory, and builders for its orders.

Its search is as loose as a search can be (every order is a candidate), so the lookup's own checks
are what decide; every call is logged, and `failing` makes each one raise Unavailable.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from portal.clock import Deadline
from portal.failures import Unavailable
from portal.model import (
    CustomerOrder,
    Order,
    OrderFacts,
    OrderQuery,
    ShopInfo,
    SourcedOrder,
    StatusPage,
    Totals,
)

SHOP = ShopInfo(name="Demo Store", timezone="Europe/Oslo", prefix="#", suffix="")
PLACED = datetime(2026, 11, 20, 9, tzinfo=UTC)


def sourced(number: int, email: str | None, *, test: bool = False, confirmation: str | None = None,
            customer_id: str | None = None, status: str = "UNFULFILLED") -> SourcedOrder:
    """An order named #`number`, owned by `email`."""
    order_id = f"gid://shopify/Order/{number}"
    facts = OrderFacts(order_id, f"#{number}", confirmation, email, test, customer_id)
    order = Order(id=order_id, name=f"#{number}", confirmation_number=confirmation, placed_at=PLACED,
                  payment_status="PAID", fulfillment_status=status, return_status="NO_RETURN",
                  cancelled_at=None, cancel_reason=None, scheduled_at=None, hold_reason=None,
                  line_items=(), shipments=(), totals=Totals(*[None] * 6), shipping_address=None,
                  shipping_method=None, pickup=None, estimate=None, timezone=SHOP.timezone)
    return SourcedOrder(facts, order)


class MemoryOrderSource:
    def __init__(self, *orders: SourcedOrder, shop: ShopInfo = SHOP) -> None:
        self.shop_info = shop
        self.orders = {order.facts.id: order for order in orders}
        self.failing = False
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def called(self, method: str) -> int:
        return self.calls.count(method)

    def shop(self, deadline: Deadline) -> ShopInfo:
        self._call("shop")
        return self.shop_info

    def candidates(self, query: OrderQuery, shop: ShopInfo,
                   deadline: Deadline) -> Sequence[OrderFacts]:
        self._call("candidates")
        return [order.facts for order in self.orders.values()]

    def order(self, order_id: str, timezone: str, deadline: Deadline) -> SourcedOrder | None:
        self._call("order")
        return self.orders.get(order_id)

    def status_page(self, order_id: str, deadline: Deadline) -> StatusPage | None:
        count = self._call("status_page")
        found = self.orders.get(order_id)
        # Each call mints a new link, as Shopify's statusPageUrl does.
        return StatusPage(found.facts, f"https://shop.example/status/{count}") if found else None

    def recent_orders(self, customer_id: str, deadline: Deadline) -> Sequence[CustomerOrder]:
        self._call("recent_orders")
        return [CustomerOrder(o.facts, o.order.placed_at, o.order.fulfillment_status)
                for o in self.orders.values() if o.facts.customer_id == customer_id]

    def _call(self, method: str) -> int:
        with self._lock:
            self.calls.append(method)
            count = len(self.calls)
        if self.failing:
            raise Unavailable(f"the store is failing ({method})")
        return count
