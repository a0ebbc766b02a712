"""Turns Shopify's GraphQL order into the view model; the only module that reads raw order JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.model import (
    Address,
    DeliveryEstimate,
    Image,
    LineItem,
    Money,
    Order,
    Pickup,
    Shipment,
    ShipmentItem,
    Totals,
    TrackingEvent,
)
from portal.shipping.rules import NO_PROMISE, Destination, Promise, ShippingRules

Node = dict[str, Any]


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


def when(value: str | None) -> datetime | None:
    """Parse one of Shopify's ISO 8601 timestamps ('Z' included)."""
    return _instant(value) if value else None


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def nodes(connection: Node | None) -> list[Node]:
    """The non-null nodes of a GraphQL connection."""
    return [node for node in (connection or {}).get("nodes") or [] if node]


def _line_item(node: Node) -> LineItem:
    ordered = node.get("quantity") or 0
    current = node.get("currentQuantity")
    return LineItem(
        id=node["id"], title=node.get("title") or "", variant=node.get("variantTitle"),
        quantity=ordered, removed_quantity=max(0, ordered - current) if current is not None else 0,
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


@dataclass(frozen=True)
class _Context:
    """What every shipment of one order is mapped with."""

    items: dict[str, LineItem]
    promise: Promise
    address: Node | None
    destination: Destination
    tz: tzinfo
    today: date


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


class OrderMapper:
    """Builds Order view models, with the shipping rules for links and delivery windows."""

    def __init__(self, rules: ShippingRules,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._rules = rules
        self._clock = clock

    def order(self, node: Node, line_items: list[Node], timezone_name: str) -> Order:
        """Return the view model of an order; `line_items` holds every page of its items."""
        items = tuple(_line_item(item) for item in line_items)
        orders_to_fulfil = nodes(node.get("fulfillmentOrders"))
        tz = _zone(timezone_name)
        address = node.get("shippingAddress")
        context = _Context({item.id: item for item in items}, _promise(orders_to_fulfil), address,
                           destination(address), tz, self._clock().astimezone(tz).date())
        shipments = tuple(self._shipment(f, context) for f in node.get("fulfillments") or [] if f)
        pickup = _pickup(orders_to_fulfil, shipments, tz)
        scheduled_at = _scheduled_at(orders_to_fulfil)
        return Order(
            id=node["id"], name=node["name"], confirmation_number=node.get("confirmationNumber"),
            placed_at=when(node.get("processedAt") or node.get("createdAt")),
            payment_status=node.get("displayFinancialStatus") or "",
            fulfillment_status=node.get("displayFulfillmentStatus") or "",
            return_status=node.get("returnStatus") or "NO_RETURN",
            cancelled_at=when(node.get("cancelledAt")), cancel_reason=node.get("cancelReason"),
            scheduled_at=scheduled_at, hold_reason=_hold_reason(orders_to_fulfil),
            line_items=items, shipments=shipments, totals=_totals(node),
            shipping_address=_address(context.address),
            shipping_method=(node.get("shippingLine") or {}).get("title"),
            pickup=pickup, estimate=self._order_estimate(node, context, shipments, pickup,
                                                         scheduled_at),
            timezone=timezone_name)

    def _order_estimate(self, node: Node, context: _Context, shipments: tuple[Shipment, ...],
                        pickup: Pickup | None, scheduled_at: datetime | None) -> DeliveryEstimate | None:
        # Sent orders show a window per shipment; some orders have no delivery to estimate.
        if shipments or pickup or node.get("cancelledAt") \
                or node.get("displayFulfillmentStatus") in _NOTHING_TO_DELIVER:
            return None
        start = scheduled_at or when(node.get("processedAt") or node.get("createdAt"))
        return self._rules.order_window(start, context.promise, context.destination, context.tz,
                                        context.today)

    def _shipment(self, node: Node, context: _Context) -> Shipment:
        status = node.get("displayStatus") or _AS_DISPLAYED.get(node.get("status") or "", "")
        created_at = when(node["createdAt"])
        tracking = tuple(self._rules.tracking(info.get("company"), info.get("number") or "",
                                              info.get("url"), context.destination, created_at)
                         for info in node.get("trackingInfo") or [] if info)
        events = tuple(e for e in (_event(n) for n in nodes(node.get("events"))) if e)
        estimate = None if status in _NO_ESTIMATE else self._rules.shipment_window(
            delivered=bool(node.get("deliveredAt")), carrier_estimate=_carrier_estimate(node),
            promise=context.promise, destination=context.destination,
            shipped_at=when(node.get("inTransitAt")) or created_at,
            carrier_key=next((t.carrier_key for t in tracking if t.carrier_key), None),
            tz=context.tz, today=context.today)
        return Shipment(
            name=node.get("name") or "", status=status, created_at=created_at,
            in_transit_at=when(node.get("inTransitAt")), delivered_at=when(node.get("deliveredAt")),
            tracking=tracking,
            items=tuple(_shipment_item(n, context.items)
                        for n in nodes(node.get("fulfillmentLineItems"))),
            events=tuple(sorted(events, key=lambda e: e.happened_at, reverse=True)),
            estimate=estimate)


# displayStatus may be null; the fulfillment's own status then says as much in other words.
_AS_DISPLAYED = {"CANCELLED": "CANCELED", "SUCCESS": "FULFILLED", "ERROR": "FAILURE",
                 "FAILURE": "FAILURE", "OPEN": "CONFIRMED", "PENDING": "SUBMITTED"}

# Statuses where a delivery date means nothing: done, called off, or waiting at a pickup point.
_NO_ESTIMATE = frozenset({"DELIVERED", "PICKED_UP", "CANCELED", "LABEL_VOIDED", "FAILURE",
                          "NOT_DELIVERED", "READY_FOR_PICKUP"})
_NOTHING_TO_DELIVER = frozenset({"ON_HOLD", "RESTOCKED", "FULFILLED"})


def _shipment_item(node: Node, items: dict[str, LineItem]) -> ShipmentItem:
    item = items.get((node.get("lineItem") or {}).get("id", ""))
    return ShipmentItem(title=item.title if item else "", variant=item.variant if item else None,
                        quantity=node.get("quantity") or 0, image=item.image if item else None)


def _promise(fulfillment_orders: list[Node]) -> Promise:
    for fulfillment_order in fulfillment_orders:
        method = fulfillment_order.get("deliveryMethod") or {}
        if method.get("minDeliveryDateTime") or method.get("maxDeliveryDateTime"):
            return Promise(when(method.get("minDeliveryDateTime")),
                           when(method.get("maxDeliveryDateTime")))
    return NO_PROMISE


def _carrier_estimate(fulfillment: Node) -> datetime | None:
    """Shopify's own date: the fulfillment's, else the newest carrier event that gave one."""
    if fulfillment.get("estimatedDeliveryAt"):
        return when(fulfillment["estimatedDeliveryAt"])
    dated = [e for e in nodes(fulfillment.get("events")) if e.get("estimatedDeliveryAt")
             and e.get("happenedAt")]
    latest = max(dated, key=lambda e: _instant(e["happenedAt"]), default=None)
    return when(latest["estimatedDeliveryAt"]) if latest else None


def _scheduled_at(fulfillment_orders: list[Node]) -> datetime | None:
    dates = [when(f.get("fulfillAt")) for f in fulfillment_orders if f.get("status") == "SCHEDULED"]
    return min((d for d in dates if d), default=None)


def _hold_reason(fulfillment_orders: list[Node]) -> str | None:
    for fulfillment_order in fulfillment_orders:
        for hold in fulfillment_order.get("fulfillmentHolds") or []:
            if hold and hold.get("reason"):
                return hold["reason"]
    return None


def _pickup(fulfillment_orders: list[Node], shipments: tuple[Shipment, ...],
            tz: tzinfo) -> Pickup | None:
    for fulfillment_order in fulfillment_orders:
        if (fulfillment_order.get("deliveryMethod") or {}).get("methodType") != "PICK_UP":
            continue
        place = fulfillment_order.get("assignedLocation") or {}
        address = ", ".join(filter(None, (place.get("address1"), place.get("zip"),
                                          place.get("city"))))
        ready = [s.created_at for s in shipments if s.status == "READY_FOR_PICKUP"]
        return Pickup(location=place.get("name") or "", address=address or None,
                      ready=bool(ready), ready_on=ready[0].astimezone(tz).date() if ready else None,
                      collected=any(s.status == "PICKED_UP" for s in shipments))
    return None


def destination(address: Node | None) -> Destination:
    """Return where a shipping address lies, as carriers and calendars care."""
    address = address or {}
    return Destination(address.get("zip"), address.get("countryCodeV2"),
                       address.get("provinceCode"), address.get("province"))


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
