"""Turns Shopify's GraphQL order into the view model, with the adapter's helpers for addresses,
attributes and fulfillment orders; no code outside portal/shopify/ reads raw order JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from portal.model import (
    DeliveryEstimate,
    Image,
    LineItem,
    Money,
    Order,
    Pickup,
    RequestedDelivery,
    Shipment,
    ShipmentItem,
    Totals,
    TrackingEvent,
)
from portal.shipping.delivery import not_before
from portal.shipping.regions import Zone, destination_zone, time_zone
from portal.shipping.rules import Destination, Promise, ShippingRules
from portal.shopify import fulfillment_orders
from portal.shopify.addresses import mailing_address
from portal.shopify.attributes import AttributeNames, requested_delivery
from portal.shopify.values import instant, nodes, when

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
    destination: Destination
    tz: tzinfo
    today: date


class OrderMapper:
    """Builds Order view models, with the shipping rules for links and delivery windows."""

    def __init__(self, rules: ShippingRules,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 attribute_names: AttributeNames | None = None) -> None:
        self._rules = rules
        self._clock = clock
        self._attribute_names = attribute_names or AttributeNames((), (), ())

    def order(self, node: Node, line_items: list[Node], timezone_name: str) -> Order:
        """Return the view model of an order; `line_items` holds every page of its items."""
        items = tuple(_line_item(item) for item in line_items)
        orders_to_fulfil = nodes(node.get("fulfillmentOrders"))
        place = fulfillment_orders.place(node, orders_to_fulfil)
        where = destination(place)
        zone = destination_zone(place.get("timeZone"), where.country, where.province_code,
                                timezone_name)
        tz = time_zone(zone.name)
        context = _Context({item.id: item for item in items},
                           fulfillment_orders.promise(orders_to_fulfil), where,
                           tz, self._clock().astimezone(tz).date())
        shipments = tuple(self._shipment(f, context) for f in node.get("fulfillments") or [] if f)
        pickup = fulfillment_orders.pickup(orders_to_fulfil, shipments, tz)
        requested = requested_delivery(node.get("customAttributes"), self._attribute_names)
        return self._build(node, items, shipments, pickup, context, zone, requested,
                           fulfillment_orders.scheduled_at(orders_to_fulfil),
                           fulfillment_orders.hold_reason(orders_to_fulfil))

    def _build(self, node: Node, items: tuple[LineItem, ...], shipments: tuple[Shipment, ...],
               pickup: Pickup | None, context: _Context, zone: Zone,
               requested: RequestedDelivery | None, scheduled_at: datetime | None,
               hold_reason: str | None) -> Order:
        estimate = self._order_estimate(node, context, shipments, pickup, scheduled_at)
        day = requested.day if requested else None
        if day:
            shipments = tuple(replace(s, estimate=not_before(s.estimate, day, context.today))
                              for s in shipments)
        return Order(
            id=node["id"], name=node["name"], confirmation_number=node.get("confirmationNumber"),
            placed_at=instant(node.get("processedAt") or node["createdAt"]),
            payment_status=node.get("displayFinancialStatus") or "",
            fulfillment_status=node.get("displayFulfillmentStatus") or "",
            return_status=node.get("returnStatus") or "NO_RETURN",
            cancelled_at=when(node.get("cancelledAt")), cancel_reason=node.get("cancelReason"),
            scheduled_at=scheduled_at, hold_reason=hold_reason,
            line_items=items, shipments=shipments, totals=_totals(node),
            # A pickup order shows where to collect it, never a delivery address.
            shipping_address=None if pickup else mailing_address(node.get("shippingAddress")),
            shipping_method=(node.get("shippingLine") or {}).get("title"),
            pickup=pickup, estimate=not_before(estimate, day, context.today),
            timezone=zone.name, timezone_is_store=zone.is_store, requested=requested,
            to_pickup_point=fulfillment_orders.to_pickup_point(nodes(node.get("fulfillmentOrders"))))

    def _order_estimate(self, node: Node, context: _Context, shipments: tuple[Shipment, ...],
                        pickup: Pickup | None, scheduled_at: datetime | None) -> DeliveryEstimate | None:
        # Sent orders show a window per shipment; some orders have no delivery to estimate.
        if shipments or pickup or node.get("cancelledAt") \
                or node.get("displayFulfillmentStatus") in _NOTHING_TO_DELIVER:
            return None
        start = scheduled_at or instant(node.get("processedAt") or node["createdAt"])
        return self._rules.order_window(start, context.promise, context.destination, context.tz,
                                        context.today)

    def _shipment(self, node: Node, context: _Context) -> Shipment:
        events = tuple(sorted((e for e in (_event(n) for n in nodes(node.get("events"))) if e),
                              key=lambda e: e.happened_at, reverse=True))
        status = _status(node, events)
        created_at = instant(node["createdAt"])
        tracking = tuple(self._rules.tracking(info.get("company"), info.get("number") or "",
                                              info.get("url"), context.destination, created_at)
                         for info in node.get("trackingInfo") or [] if info)
        carrier_key = next((t.carrier_key for t in tracking if t.carrier_key), None)
        next_step = self._rules.next_step(
            carrier_key, next((t.number for t in tracking if t.carrier_key), None), status)
        # A parcel the carrier holds until the shopper acts has no delivery date to show.
        estimate = None if status in _NO_ESTIMATE or next_step else self._rules.shipment_window(
            delivered=bool(node.get("deliveredAt")), carrier_estimate=_carrier_estimate(node),
            promise=context.promise, destination=context.destination,
            shipped_at=when(node.get("inTransitAt")) or created_at,
            carrier_key=carrier_key, tz=context.tz, today=context.today)
        return Shipment(
            name=node.get("name") or "", status=status, created_at=created_at,
            in_transit_at=when(node.get("inTransitAt")), delivered_at=when(node.get("deliveredAt")),
            tracking=tracking,
            items=tuple(_shipment_item(n, context.items)
                        for n in nodes(node.get("fulfillmentLineItems"))),
            events=events,
            estimate=estimate, next_step=next_step)


# displayStatus may be null; the fulfillment's own status then says as much in other words.
_AS_DISPLAYED = {"CANCELLED": "CANCELED", "SUCCESS": "FULFILLED", "ERROR": "FAILURE",
                 "FAILURE": "FAILURE", "OPEN": "CONFIRMED", "PENDING": "SUBMITTED"}

# A carrier's newest DELAYED event (FulfillmentEventStatus) outranks a display status that still
# says the parcel simply travels, so the page says it is late.
_MAY_BE_DELAYED = frozenset({"CONFIRMED", "FULFILLED", "MARKED_AS_FULFILLED", "CARRIER_PICKED_UP",
                             "IN_TRANSIT"})


def _status(node: Node, events: tuple[TrackingEvent, ...]) -> str:
    status = node.get("displayStatus") or _AS_DISPLAYED.get(node.get("status") or "", "")
    if events and events[0].status == "DELAYED" and status in _MAY_BE_DELAYED:
        return "DELAYED"
    return status


# Statuses where a delivery date means nothing: done, called off, or waiting at a pickup point.
_NO_ESTIMATE = frozenset({"DELIVERED", "PICKED_UP", "CANCELED", "LABEL_VOIDED", "FAILURE",
                          "NOT_DELIVERED", "READY_FOR_PICKUP"})
_NOTHING_TO_DELIVER = frozenset({"ON_HOLD", "RESTOCKED", "FULFILLED"})


def _shipment_item(node: Node, items: dict[str, LineItem]) -> ShipmentItem:
    item = items.get((node.get("lineItem") or {}).get("id", ""))
    return ShipmentItem(title=item.title if item else "", variant=item.variant if item else None,
                        quantity=node.get("quantity") or 0, image=item.image if item else None)


def _carrier_estimate(fulfillment: Node) -> datetime | None:
    """Shopify's own date: the fulfillment's, else the newest carrier event that gave one."""
    if fulfillment.get("estimatedDeliveryAt"):
        return when(fulfillment["estimatedDeliveryAt"])
    dated = [e for e in nodes(fulfillment.get("events")) if e.get("estimatedDeliveryAt")
             and e.get("happenedAt")]
    latest = max(dated, key=lambda e: instant(e["happenedAt"]), default=None)
    return when(latest["estimatedDeliveryAt"]) if latest else None


def destination(address: Node | None) -> Destination:
    """Return where a shipping address (or a pickup location) lies, as carriers and calendars
    care."""
    address = address or {}
    return Destination(address.get("zip"), address.get("countryCodeV2") or address.get("countryCode"),
                       address.get("provinceCode"), address.get("province"))


def _totals(node: Node) -> Totals:
    return Totals(subtotal=money(node.get("subtotalPriceSet")),
                  shipping=money(node.get("totalShippingPriceSet")),
                  tax=money(node.get("totalTaxSet")),
                  discounts=money(node.get("totalDiscountsSet")),
                  total=money(node.get("totalPriceSet")),
                  refunded=money(node.get("totalRefundedSet")),
                  taxes_included=bool(node.get("taxesIncluded")),
                  duties=money(node.get("currentTotalDutiesSet")),
                  duties_included=bool(node.get("dutiesIncluded")))
