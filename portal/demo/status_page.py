"""Shopify's order status page: capability links minted per call, and the page they open."""

from __future__ import annotations

import hashlib
import html
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

USES = 5
LIFETIME = 15 * 24 * 3600.0
_STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"


def order_hash(gid: str) -> str:
    """Return the opaque token Shopify puts in an order's status URL instead of its id."""
    return hashlib.sha256(f"status:{gid}".encode()).hexdigest()[:32]


@dataclass
class _Key:
    gid: str
    uses_left: int
    expires_at: float


class StatusLinks:
    """Each `mint` makes a new key, good for 5 visits within 15 days, like statusPageUrl."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._keys: dict[str, _Key] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def mint(self, order: dict[str, Any], base_url: str) -> str:
        """Return a fresh status page URL for an order."""
        key = secrets.token_hex(16)
        with self._lock:
            self._keys[key] = _Key(order["id"], USES, self._clock() + LIFETIME)
        return f"{base_url}/status/{order_hash(order['id'])}/authenticate?key={key}"

    def redeem(self, token: str, key: str) -> str | None:
        """Spend one use of a key; return the order id it opens, or None if it opens nothing."""
        with self._lock:
            entry = self._keys.get(key)
            if (entry is None or order_hash(entry.gid) != token or entry.uses_left <= 0
                    or entry.expires_at < self._clock()):
                return None
            entry.uses_left -= 1
            return entry.gid


def render(order: dict[str, Any] | None, shop: dict[str, Any]) -> str:
    """Return the HTML of the status page, or of Shopify's "link expired" page for None."""
    shop_name = html.escape(shop.get("name", "Shop"))
    if order is None:
        body = ("<h1>This link has expired</h1><p>Ask the store for a new link to your order, "
                "or look it up again.</p>")
        return _page(f"Order status &ndash; {shop_name}", shop_name, body)
    lines = "".join(f"<li>{html.escape(line['name'])} &times; {line['quantity']}</li>"
                    for line in order.get("lineItems", []))
    shipments = "".join(
        f"<li>{html.escape(f['displayStatus'] or f['status'])}"
        + "".join(f" &ndash; {html.escape(t['company'] or '')} {html.escape(t['number'] or '')}"
                  for t in f.get("trackingInfo", []))
        + "</li>" for f in order.get("fulfillments", []))
    total = order["totalPriceSet"]["presentmentMoney"]
    body = (f"<h1>Order {html.escape(order['name'])}</h1>"
            f"<p>Confirmation {html.escape(order.get('confirmationNumber') or '')}</p>"
            f"<p>Status: {html.escape(order['displayFulfillmentStatus'])}, "
            f"{html.escape(order.get('displayFinancialStatus') or '')}</p>"
            f"<h2>Items</h2><ul>{lines}</ul>"
            f"<h2>Shipments</h2><ul>{shipments or '<li>None yet</li>'}</ul>"
            f"<p>Total: {html.escape(total['amount'])} {html.escape(total['currencyCode'])}</p>")
    return _page(f"Order {html.escape(order['name'])} &ndash; {shop_name}", shop_name, body)


def _page(title: str, shop_name: str, body: str) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{_STYLE}</style></head><body>"
            f"<header><strong>{shop_name}</strong> · Shopify order status (demo)</header>"
            f"<main>{body}</main></body></html>")
