"""DemoStore: one shop's data in Shopify's GraphQL shape, safe to change while it is served."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from portal.demo.schema import API_VERSION
from portal.demo.search import search_orders

Order = dict[str, Any]

DEFAULT_SHOP: dict[str, Any] = {
    "id": "gid://shopify/Shop/68817322058",
    "name": "Fjordline Goods (demo)",
    "email": "owner@example.com",
    "contactEmail": "help@example.com",
    "shopOwnerName": "Demo Owner",
    "myshopifyDomain": "fjordline-demo.myshopify.com",
    "url": "https://fjordline-demo.example.com",
    "ianaTimezone": "Europe/Oslo",
    "timezoneAbbreviation": "CET",
    "timezoneOffset": "+0100",
    "timezoneOffsetMinutes": 60,
    "currencyCode": "USD",
    "enabledPresentmentCurrencies": ["USD", "EUR", "GBP", "JPY", "NOK"],
    "orderNumberFormatPrefix": "#",
    "orderNumberFormatSuffix": "",
    "weightUnit": "KILOGRAMS",
    "unitSystem": "METRIC_SYSTEM",
    "taxesIncluded": True,
    "taxShipping": True,
    "setupRequired": False,
    "checkoutApiSupported": True,
    "createdAt": "2021-03-01T09:00:00Z",
    "updatedAt": "2026-01-01T09:00:00Z",
}


class DemoStore:
    """A shop, its orders and its webhook subscriptions.

    Orders are camelCase dicts as Shopify's GraphQL API returns them, except that connections
    (`lineItems`, `fulfillmentOrders`, `events`, ...) are stored as plain lists of nodes: the
    server pages them. Stored dicts are never changed in place, so readers need no lock.
    """

    def __init__(self, orders: Iterable[Order] = (), shop: dict[str, Any] | None = None) -> None:
        self.shop: dict[str, Any] = dict(shop or DEFAULT_SHOP)
        self._orders: dict[str, Order] = {}
        self._webhooks: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._next_webhook = 1
        for order in orders:
            self.add(order)

    def orders(self) -> list[Order]:
        """Return every order, in the order they were added."""
        with self._lock:
            return list(self._orders.values())

    def get(self, gid: str) -> Order | None:
        """Return the order with this global id, or None."""
        with self._lock:
            return self._orders.get(gid)

    def find(self, name: str) -> Order | None:
        """Return the order with exactly this name (e.g. "#1001"), or None."""
        return next((order for order in self.orders() if order["name"] == name), None)

    def search(self, query: str | None) -> list[Order]:
        """Return the orders Shopify's fuzzy search would return for this query string."""
        return search_orders(self.orders(), query)

    def add(self, order: Order) -> str:
        """Add an order, or replace the one with the same id; return its id."""
        with self._lock:
            gid: str = order["id"]
            self._orders[gid] = order
        return gid

    def update(self, gid: str, **changes: Any) -> Order:
        """Replace top-level fields of an order (KeyError if unknown); return the new order."""
        with self._lock:
            order = {**self._orders[gid], "updatedAt": _now(), **changes}
            self._orders[gid] = order
        return order

    def remove(self, gid: str) -> None:
        """Delete an order; deleting an unknown id does nothing."""
        with self._lock:
            self._orders.pop(gid, None)

    def webhook_subscriptions(self) -> list[dict[str, Any]]:
        """Return every webhook subscription, oldest first."""
        with self._lock:
            return list(self._webhooks.values())

    def add_webhook_subscription(self, topic: str, uri: str, fmt: str = "JSON",
                                 api_version: str = API_VERSION) -> dict[str, Any]:
        """Store and return a new subscription in Shopify's GraphQL shape."""
        with self._lock:
            gid = f"gid://shopify/WebhookSubscription/{9_000_000 + self._next_webhook}"
            self._next_webhook += 1
            now = _now()
            subscription: dict[str, Any] = {
                "id": gid,
                "legacyResourceId": gid.rsplit("/", 1)[1],
                "topic": topic,
                "uri": uri,
                "callbackUrl": uri,
                "endpoint": {"__typename": "WebhookHttpEndpoint", "callbackUrl": uri},
                "format": fmt,
                "includeFields": [],
                "metafieldNamespaces": [],
                "metafields": [],
                "filter": None,
                "name": None,
                "apiVersion": {"handle": api_version, "displayName": api_version,
                               "supported": True},
                "createdAt": now,
                "updatedAt": now,
            }
            self._webhooks[gid] = subscription
        return subscription

    def remove_webhook_subscription(self, gid: str) -> bool:
        """Delete a subscription; return whether it existed."""
        with self._lock:
            return self._webhooks.pop(gid, None) is not None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
