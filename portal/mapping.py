"""Turns Shopify's GraphQL order into the view model; the only module that reads raw order JSON."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from .orders import (Address, DeliveryWindow, Image, LineItem, Money, Order, Pickup, Shipment,
                     ShipmentItem, Totals, Tracking, TrackingEvent)

Node = dict[str, Any]
TrackingResolver = Callable[[Node, Node | None], Tracking]
Estimator = Callable[[Node, Node | None, Node | None], DeliveryWindow | None]


def when(value: str | None) -> datetime | None:
    """Parse one of Shopify's ISO 8601 timestamps ('Z' included)."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def money(bag: Node | None) -> Money | None:
    """Return the presentment money (the currency the shopper paid in) of a MoneyBag."""
    presentment = (bag or {}).get("presentmentMoney")
    if not presentment:
        return None
    try:
        return Money(Decimal(str(presentment["amount"])), presentment["currencyCode"])
    except (KeyError, InvalidOperation):
        return None


def _image(node: Node | None) -> Image | None:
    if not node or not node.get("url"):
        return None
    return Image(node["url"], node.get("altText") or "", node.get("width"), node.get("height"))


def _nodes(connection: Node | None) -> list[Node]:
    return [node for node in (connection or {}).get("nodes") or [] if node]


def _line_item(node: Node) -> LineItem:
    quantity = node.get("currentQuantity")
    return LineItem(
        id=node["id"], title=node.get("title") or "", variant=node.get("variantTitle"),
        quantity=quantity if quantity is not None else node.get("quantity") or 0,
        unit_price=money(node.get("originalUnitPriceSet")),
        total=money(node.get("discountedTotalSet")), image=_image(node.get("image")),
        unshipped_quantity=node.get("unfulfilledQuantity") or 0)


def _event(node: Node) -> TrackingEvent | None:
    happened = when(node.get("happenedAt"))
    if happened is None:
        return None
    return TrackingEvent(status=node.get("status") or "", happened_at=happened,
                         message=node.get("message"), city=node.get("city"),
                         country=node.get("country"))


def shopify_tracking(info: Node, address: Node | None) -> Tracking:
    """Tracking as Shopify gives it: its own URL, or none."""
    url = info.get("url")
    return Tracking(number=info.get("number"), carrier=info.get("company"), url=url,
                    link_source="shopify" if url else None)


def shopify_estimate(fulfillment: Node, promise: Node | None,
                     address: Node | None) -> DeliveryWindow | None:
    """Shopify's own date, else the checkout's promised window."""
    estimated = when(fulfillment.get("estimatedDeliveryAt"))
    if estimated:
        return DeliveryWindow(estimated.date(), estimated.date(), "shopify", False)
    return promise_window(promise)


def promise_window(promise: Node | None) -> DeliveryWindow | None:
    """The delivery window the checkout promised, when it promised one."""
    earliest = when((promise or {}).get("minDeliveryDateTime"))
    latest = when((promise or {}).get("maxDeliveryDateTime")) or earliest
    if not earliest:
        return None
    return DeliveryWindow(earliest.date(), latest.date(), "checkout_promise", False)


class OrderMapper:
    """Builds Order view models; carrier links and estimates are pluggable rules."""

    def __init__(self, tracking: TrackingResolver = shopify_tracking,
                 estimate: Estimator = shopify_estimate) -> None:
        self._tracking = tracking
        self._estimate = estimate

    def order(self, node: Node, line_items: list[Node], timezone: str) -> Order:
        """Return the view model of an order; `line_items` holds every page of its items."""
        items = tuple(_line_item(item) for item in line_items)
        by_id = {item.id: item for item in items}
        orders_to_fulfil = _nodes(node.get("fulfillmentOrders"))
        promise = _promise(orders_to_fulfil)
        address = node.get("shippingAddress")
        shipments = tuple(self._shipment(f, by_id, promise, address)
                          for f in node.get("fulfillments") or [] if f)
        open_estimate = None if shipments else promise_window(promise)
        return Order(
            id=node["id"], name=node["name"], confirmation_number=node.get("confirmationNumber"),
            placed_at=when(node.get("processedAt") or node.get("createdAt")),
            payment_status=node.get("displayFinancialStatus") or "",
            fulfillment_status=node.get("displayFulfillmentStatus") or "",
            return_status=node.get("returnStatus") or "NO_RETURN",
            cancelled_at=when(node.get("cancelledAt")), cancel_reason=node.get("cancelReason"),
            scheduled_at=_scheduled_at(orders_to_fulfil), hold_reason=_hold_reason(orders_to_fulfil),
            line_items=items, shipments=shipments, totals=_totals(node),
            shipping_address=_address(address),
            shipping_method=(node.get("shippingLine") or {}).get("title"),
            pickup=_pickup(orders_to_fulfil, node.get("displayFulfillmentStatus")),
            estimate=open_estimate, timezone=timezone)

    def _shipment(self, node: Node, items: dict[str, LineItem], promise: Node | None,
                  address: Node | None) -> Shipment:
        status = node.get("displayStatus") or node.get("status") or ""
        delivered_at = when(node.get("deliveredAt"))
        events = tuple(e for e in (_event(n) for n in _nodes(node.get("events"))) if e)
        return Shipment(
            name=node.get("name") or "", status=status, created_at=when(node["createdAt"]),
            in_transit_at=when(node.get("inTransitAt")), delivered_at=delivered_at,
            tracking=tuple(self._tracking(info, address) for info in node.get("trackingInfo") or []),
            items=tuple(_shipment_item(n, items) for n in _nodes(node.get("fulfillmentLineItems"))),
            events=tuple(sorted(events, key=lambda e: e.happened_at, reverse=True)),
            estimate=None if delivered_at or status in _FINISHED
            else self._estimate(node, promise, address))


_FINISHED = frozenset({"DELIVERED", "PICKED_UP", "CANCELED", "LABEL_VOIDED", "FAILURE"})


def _shipment_item(node: Node, items: dict[str, LineItem]) -> ShipmentItem:
    item = items.get((node.get("lineItem") or {}).get("id", ""))
    return ShipmentItem(title=item.title if item else "", variant=item.variant if item else None,
                        quantity=node.get("quantity") or 0, image=item.image if item else None)


def _promise(fulfillment_orders: list[Node]) -> Node | None:
    for fulfillment_order in fulfillment_orders:
        method = fulfillment_order.get("deliveryMethod") or {}
        if method.get("minDeliveryDateTime") or method.get("maxDeliveryDateTime"):
            return method
    return None


def _scheduled_at(fulfillment_orders: list[Node]) -> datetime | None:
    dates = [when(f.get("fulfillAt")) for f in fulfillment_orders if f.get("status") == "SCHEDULED"]
    return min((d for d in dates if d), default=None)


def _hold_reason(fulfillment_orders: list[Node]) -> str | None:
    for fulfillment_order in fulfillment_orders:
        for hold in fulfillment_order.get("fulfillmentHolds") or []:
            if hold and hold.get("reason"):
                return hold["reason"]
    return None


def _pickup(fulfillment_orders: list[Node], fulfillment_status: str | None) -> Pickup | None:
    for fulfillment_order in fulfillment_orders:
        if (fulfillment_order.get("deliveryMethod") or {}).get("methodType") != "PICK_UP":
            continue
        place = fulfillment_order.get("assignedLocation") or {}
        address = ", ".join(filter(None, (place.get("address1"), place.get("zip"),
                                          place.get("city"))))
        return Pickup(location=place.get("name") or "", address=address or None,
                      ready=fulfillment_status == "FULFILLED")
    return None


def _address(node: Node | None) -> Address | None:
    if not node:
        return None
    name = " ".join(filter(None, (node.get("firstName"), node.get("lastName")))) or None
    return Address(name=name, street=mask_street(node.get("address1")), city=node.get("city"),
                   postcode=node.get("zip"), country=node.get("countryCodeV2"))


def mask_street(street: str | None) -> str | None:
    """Keep enough of the street for a shopper to recognise it, not enough to read it off a screen."""
    if not street:
        return None
    words = street.split()
    return " ".join(word if index == 0 else word[0] + "…" for index, word in enumerate(words))


def _totals(node: Node) -> Totals:
    return Totals(subtotal=money(node.get("subtotalPriceSet")),
                  shipping=money(node.get("totalShippingPriceSet")),
                  tax=money(node.get("totalTaxSet")),
                  discounts=money(node.get("totalDiscountsSet")),
                  total=money(node.get("totalPriceSet")),
                  refunded=money(node.get("totalRefundedSet")))
