"""What a webhook delivery's payload is about: the order it names, or the customer a redact
request covers. Payloads are Shopify's REST shapes, read here and nowhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeGuard

_ORDER_GID = re.compile(r"gid://shopify/Order/[0-9]{1,20}")
_LEGACY_ID = re.compile(r"[0-9]{1,20}")

# Where each topic's REST payload names its order, tried in turn. A topic is looked up whole,
# then by its family ("fulfillments/update" -> "fulfillments"). Only the order's own
# `admin_graphql_api_id` is an order id: on a fulfillment or refund it names that object.
ORDER_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "orders": (("admin_graphql_api_id",), ("id",)),
    "orders/edited": (("order_edit", "order_id"),),
    "fulfillments": (("order_id",),),
    "fulfillment_events": (("order_id",),),
    "refunds": (("order_id",),),
    "returns": (("order", "admin_graphql_api_id"), ("order", "id"),
                ("admin_graphql_api_order_id",), ("order_id",)),
}


@dataclass(frozen=True)
class Redaction:
    """A customers/redact request: the customer's email and the orders to forget."""

    email: str | None
    order_ids: list[str]


# What each privacy topic's payload must hold besides the shop, so that a body signed for one
# topic cannot be replayed under another (the topic header is not covered by the signature).
_PRIVACY_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # topic: (fields it must have, fields only other topics have)
    "shop/redact": (frozenset(), frozenset({"customer", "orders_to_redact", "orders_requested",
                                            "data_request"})),
    "customers/redact": (frozenset({"customer", "orders_to_redact"}),
                         frozenset({"orders_requested", "data_request"})),
    "customers/data_request": (frozenset({"customer", "data_request"}),
                               frozenset({"orders_to_redact"})),
}


def fits(topic: str, payload: dict[str, Any], shop: str) -> bool:
    """True when the payload has the shape Shopify sends for `topic`: a privacy payload names
    `shop` and only its own fields, an order topic's payload names an order."""
    if topic in _PRIVACY_FIELDS:
        needed, foreign = _PRIVACY_FIELDS[topic]
        return (payload.get("shop_domain") == shop and needed <= payload.keys()
                and not foreign & payload.keys())
    if names_orders(topic):
        return order_gid(topic, payload) is not None
    return True


def names_orders(topic: str) -> bool:
    """True when the topic's payloads are about one order."""
    return _order_fields(topic) is not None


def order_gid(topic: str, payload: dict[str, Any]) -> str | None:
    """Return the GraphQL id of the order a payload is about, or None if it names none."""
    own_gid = payload.get("admin_graphql_api_id")
    if topic.startswith("orders/") and own_gid is not None and not _is_order_gid(own_gid):
        # A fulfillment's or a refund's payload sent under an order topic: its `id` is no order's.
        return None
    for path in _order_fields(topic) or ():
        value: Any = payload
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        gid = _as_order_gid(value)
        if gid:
            return gid
    return None


def _order_fields(topic: str) -> tuple[tuple[str, ...], ...] | None:
    return ORDER_FIELDS.get(topic) or ORDER_FIELDS.get(topic.split("/", 1)[0])


def _is_order_gid(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and _ORDER_GID.fullmatch(value) is not None


def _as_order_gid(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"gid://shopify/Order/{value}"
    if isinstance(value, str) and _LEGACY_ID.fullmatch(value):
        return f"gid://shopify/Order/{int(value)}"
    if _is_order_gid(value):
        return value
    return None


def redaction(payload: dict[str, Any]) -> Redaction:
    """The customer and orders a customers/redact payload names."""
    customer = payload.get("customer")
    email = customer.get("email") if isinstance(customer, dict) else None
    ids = payload.get("orders_to_redact")
    orders = [gid for gid in map(_as_order_gid, ids if isinstance(ids, list) else []) if gid]
    return Redaction(email if isinstance(email, str) else None, orders)
