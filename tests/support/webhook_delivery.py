"""Deliver a webhook to a running portal as Shopify does: raw JSON, HMAC signature, topic and
event id in headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from typing import Any

import requests

API_SECRET = "test-api-secret"
SHOP = "demo-store.myshopify.com"


def order_payload(number: str) -> dict[str, Any]:
    """An orders/* payload naming one of the demo store's orders (ids as portal/demo/builder.py)."""
    order_id = 5_500_000_000_000 + int(number)
    return {"id": order_id, "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
            "name": f"#{number}"}


def deliver(base: str, topic: str, payload: dict[str, Any], *, event: str | None = None,
            signed: bool = True) -> int:
    """POST one delivery; return the portal's status code."""
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(API_SECRET.encode(), body, hashlib.sha256).digest())
    headers = {"X-Shopify-Topic": topic, "X-Shopify-Shop-Domain": SHOP,
               "X-Shopify-Event-Id": event or str(uuid.uuid4()), "Content-Type": "application/json",
               "X-Shopify-Hmac-Sha256": signature.decode() if signed else "forged"}
    return requests.post(base + "/webhooks/shopify", data=body, headers=headers,
                         timeout=10).status_code
