"""Shipments (Shopify's `Fulfillment`) and their tracking events, built relative to `now`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from portal.demo.money import bag

# Display status -> Fulfillment.status; every other display status is a SUCCESS fulfillment.
_STATUS = {"CANCELED": "CANCELLED", "LABEL_VOIDED": "CANCELLED", "FAILURE": "FAILURE",
           "SUBMITTED": "OPEN", "READY_FOR_PICKUP": "OPEN"}
_IN_TRANSIT = {"IN_TRANSIT", "OUT_FOR_DELIVERY", "ATTEMPTED_DELIVERY", "DELAYED", "DELIVERED",
               "NOT_DELIVERED"}
_DELIVERED = {"DELIVERED", "PICKED_UP"}

Tracking = tuple[str, str] | tuple[str, str, str | None]


@dataclass(frozen=True)
class Event:
    """A carrier scan: `hours_ago` before now, optionally with a new delivery estimate."""

    status: str
    hours_ago: float
    message: str | None = None
    city: str | None = None
    country: str | None = None
    estimated_delivery_in_days: float | None = None


@dataclass(frozen=True)
class Shipment:
    """One fulfillment; `items` is (line index from 0, quantity) pairs, None for every line."""

    display: str = "IN_TRANSIT"
    tracking: Sequence[Tracking] = ()
    items: Sequence[tuple[int, int]] | None = None
    days_ago: float = 2.0
    delivered_days_ago: float | None = None
    estimated_in_days: float | None = None
    events: Sequence[Event] = ()


def build_fulfillment(legacy_id: int, name: str, shipment: Shipment,
                      lines: list[dict[str, Any]], currency: str, now: datetime,
                      pickup: bool) -> dict[str, Any]:
    """Return a Fulfillment whose fulfillmentLineItems point at the order's own line items."""
    created = now - timedelta(days=shipment.days_ago)
    shipped = _shipped_lines(legacy_id, shipment, lines, currency)
    events = [_event(legacy_id * 100 + index, event, now)
              for index, event in enumerate(shipment.events, 1)]
    delivered = None
    if shipment.display in _DELIVERED:
        delivered = now - timedelta(days=shipment.delivered_days_ago
                                    if shipment.delivered_days_ago is not None
                                    else shipment.days_ago / 2)
    estimated = (now + timedelta(days=shipment.estimated_in_days)
                 if shipment.estimated_in_days is not None else None)
    return {
        "id": f"gid://shopify/Fulfillment/{legacy_id}",
        "name": name,
        "status": _STATUS.get(shipment.display, "SUCCESS"),
        "displayStatus": shipment.display,
        "createdAt": iso(created),
        "updatedAt": max([iso(created)] + [event["happenedAt"] for event in events]),
        "inTransitAt": iso(created + timedelta(hours=6))
        if shipment.display in _IN_TRANSIT else None,
        "deliveredAt": iso(delivered) if delivered else None,
        "estimatedDeliveryAt": iso(estimated) if estimated else None,
        "requiresShipping": not pickup,
        "totalQuantity": sum(entry["quantity"] for entry in shipped),
        "trackingInfo": [_tracking(*entry) for entry in shipment.tracking],
        "fulfillmentLineItems": shipped,
        "events": events,
        "location": None,
        "service": None,
        "originAddress": None,
    }


def _shipped_lines(legacy_id: int, shipment: Shipment, lines: list[dict[str, Any]],
                   currency: str) -> list[dict[str, Any]]:
    pairs = shipment.items if shipment.items is not None else [
        (index, line["quantity"]) for index, line in enumerate(lines)]
    shipped = []
    for position, (index, quantity) in enumerate(pairs, 1):
        line = lines[index]
        unit = Decimal(line["originalUnitPriceSet"]["presentmentMoney"]["amount"])
        shipped.append({
            "id": f"gid://shopify/FulfillmentLineItem/{legacy_id * 1000 + position}",
            "quantity": quantity,
            "lineItem": line,
            "originalTotalSet": bag(unit * quantity, currency),
            "discountedTotalSet": bag(unit * quantity, currency),
        })
    return shipped


def _tracking(company: str, number: str, url: str | None = None) -> dict[str, Any]:
    return {"company": company, "number": number, "url": url}


def _event(legacy_id: int, event: Event, now: datetime) -> dict[str, Any]:
    happened = iso(now - timedelta(hours=event.hours_ago))
    estimate = event.estimated_delivery_in_days
    estimated = iso(now + timedelta(days=estimate)) if estimate is not None else None
    return {
        "id": f"gid://shopify/FulfillmentEvent/{legacy_id}",
        "status": event.status,
        "happenedAt": happened,
        "createdAt": happened,
        "message": event.message,
        "address1": None,
        "city": event.city,
        "province": None,
        "zip": None,
        "country": event.country,
        "latitude": None,
        "longitude": None,
        "estimatedDeliveryAt": estimated,
    }


def iso(moment: datetime) -> str:
    """Return a DateTime as Shopify prints it: UTC, whole seconds, "Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
