"""What an order's fulfillment orders say: how it travels (shipping or pickup, and from where),
the checkout's delivery promise, a scheduled start and a hold."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from portal.model import Pickup, Shipment
from portal.shipping.rules import NO_PROMISE, Promise
from portal.shopify.addresses import location_address
from portal.shopify.values import when

Node = dict[str, Any]


def promise(fulfillment_orders: list[Node]) -> Promise:
    for fulfillment_order in fulfillment_orders:
        method = fulfillment_order.get("deliveryMethod") or {}
        if method.get("minDeliveryDateTime") or method.get("maxDeliveryDateTime"):
            return Promise(when(method.get("minDeliveryDateTime")),
                           when(method.get("maxDeliveryDateTime")))
    return NO_PROMISE


def scheduled_at(fulfillment_orders: list[Node]) -> datetime | None:
    dates = [when(f.get("fulfillAt")) for f in fulfillment_orders if f.get("status") == "SCHEDULED"]
    return min((d for d in dates if d), default=None)


def hold_reason(fulfillment_orders: list[Node]) -> str | None:
    for fulfillment_order in fulfillment_orders:
        for hold in fulfillment_order.get("fulfillmentHolds") or []:
            if hold and hold.get("reason"):
                return str(hold["reason"])
    return None


def pickup(fulfillment_orders: list[Node], shipments: tuple[Shipment, ...],
            tz: tzinfo) -> Pickup | None:
    for fulfillment_order in fulfillment_orders:
        if (fulfillment_order.get("deliveryMethod") or {}).get("methodType") != "PICK_UP":
            continue
        place = fulfillment_order.get("assignedLocation") or {}
        ready = [s.created_at for s in shipments if s.status == "READY_FOR_PICKUP"]
        return Pickup(location=place.get("name") or "", address=location_address(place),
                      ready=bool(ready), ready_on=ready[0].astimezone(tz).date() if ready else None,
                      collected=any(s.status == "PICKED_UP" for s in shipments))
    return None


def _method_is(fulfillment_orders: list[Node], method: str) -> bool:
    return any((f.get("deliveryMethod") or {}).get("methodType") == method
               for f in fulfillment_orders)


def is_pickup(fulfillment_orders: list[Node]) -> bool:
    """Collected by the shopper at one of the store's locations."""
    return _method_is(fulfillment_orders, "PICK_UP")


def to_pickup_point(fulfillment_orders: list[Node]) -> bool:
    """Shipped to a carrier's pickup point, whose address is the shipping address."""
    return _method_is(fulfillment_orders, "PICKUP_POINT")


def place(node: Node, fulfillment_orders: list[Node]) -> Node:
    """Where the order's times and calendars belong: the pickup location, else the address."""
    if is_pickup(fulfillment_orders):
        return next((f.get("assignedLocation") or {} for f in fulfillment_orders), {})
    return node.get("shippingAddress") or {}
