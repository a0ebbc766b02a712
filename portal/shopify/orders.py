"""ShopifyOrders: what the lookup asks of Shopify, answered with typed values.

The lookup depends on this only through its `OrderSource` interface; the JSON Shopify sends is
read here and in the mapping, nowhere else.
"""

from __future__ import annotations

from typing import Any

from portal.clock import Deadline
from portal.model import (
    CustomerOrder,
    OrderFacts,
    OrderQuery,
    ShopInfo,
    SourcedOrder,
    StatusPage,
)
from portal.shopify import queries
from portal.shopify.client import ShopifyClient
from portal.shopify.mapping import OrderMapper
from portal.shopify.search import search_string
from portal.shopify.values import nodes, when

Node = dict[str, Any]

# Orders of more than 25 + 10 x 50 line items show their first 525; Shopify's cost limit caps a
# single query, and a shopper's page has no use for more.
_MAX_LINE_ITEM_PAGES = 10


def _facts(node: Node) -> OrderFacts:
    return OrderFacts(id=node["id"], name=node.get("name") or "",
                      confirmation_number=node.get("confirmationNumber"),
                      email=node.get("email"), test=bool(node.get("test")),
                      customer_id=(node.get("customer") or {}).get("id"))


class ShopifyOrders:
    """The store's orders and settings, read through one ShopifyClient."""

    def __init__(self, client: ShopifyClient, mapper: OrderMapper) -> None:
        self._client = client
        self._mapper = mapper

    def shop(self, deadline: Deadline) -> ShopInfo:
        node = self._client.execute(queries.SHOP_QUERY, {}, deadline)["shop"]
        return ShopInfo(name=node["name"], timezone=node["ianaTimezone"],
                        prefix=node["orderNumberFormatPrefix"],
                        suffix=node["orderNumberFormatSuffix"])

    def candidates(self, query: OrderQuery, shop: ShopInfo, deadline: Deadline) -> list[OrderFacts]:
        search = search_string(query, shop.prefix, shop.suffix)
        data = self._client.execute(queries.CANDIDATES_QUERY, {"search": search}, deadline)
        return [_facts(node) for node in nodes(data.get("orders"))]

    def order(self, order_id: str, timezone: str, deadline: Deadline) -> SourcedOrder | None:
        node = self._client.execute(queries.ORDER_QUERY, {"id": order_id}, deadline)["order"]
        if not node:
            return None
        line_items = self._all_line_items(node, deadline)
        return SourcedOrder(_facts(node), self._mapper.order(node, line_items, timezone))

    def status_page(self, order_id: str, deadline: Deadline) -> StatusPage | None:
        node = self._client.execute(queries.STATUS_PAGE_QUERY, {"id": order_id}, deadline)["order"]
        return StatusPage(_facts(node), node.get("statusPageUrl")) if node else None

    def recent_orders(self, customer_id: str, deadline: Deadline) -> list[CustomerOrder]:
        data = self._client.execute(queries.CUSTOMER_ORDERS_QUERY, {"id": customer_id}, deadline)
        return [CustomerOrder(_facts(node), placed, node.get("displayFulfillmentStatus") or "")
                for node in nodes((data.get("customer") or {}).get("orders"))
                if (placed := when(node.get("processedAt"))) is not None]

    def _all_line_items(self, node: Node, deadline: Deadline) -> list[Node]:
        connection = node.get("lineItems") or {}
        items = nodes(connection)
        for _ in range(_MAX_LINE_ITEM_PAGES):
            page_info = connection.get("pageInfo") or {}
            if not page_info.get("hasNextPage"):
                break
            data = self._client.execute(queries.LINE_ITEMS_QUERY,
                                        {"id": node["id"], "after": page_info.get("endCursor")},
                                        deadline)
            connection = (data.get("order") or {}).get("lineItems") or {}
            items.extend(nodes(connection))
        return items
