"""Fulfillment orders: where an order ships from, how, when, and what holds it back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from portal.demo import places
from portal.demo.shipments import iso

# Order display fulfillment status -> (fulfillment order status, request status).
_FULFILLMENT_ORDER_STATUS = {
    "FULFILLED": ("CLOSED", "UNSUBMITTED"),
    "RESTOCKED": ("CLOSED", "UNSUBMITTED"),
    "PARTIALLY_FULFILLED": ("IN_PROGRESS", "UNSUBMITTED"),
    "IN_PROGRESS": ("IN_PROGRESS", "UNSUBMITTED"),
    "ON_HOLD": ("ON_HOLD", "UNSUBMITTED"),
    "SCHEDULED": ("SCHEDULED", "UNSUBMITTED"),
    "PENDING_FULFILLMENT": ("OPEN", "SUBMITTED"),
    "REQUEST_DECLINED": ("OPEN", "REJECTED"),
}


def build_fulfillment_order(legacy_id: int, order_gid: str, name: str, fulfillment: str,
                            cancelled: str | None, processed: datetime, now: datetime,
                            place: places.Place, *, hold: str | None,
                            fulfill_at_days: float | None, pickup: bool,
                            promise: tuple[float, float] | None) -> dict[str, Any]:
    """Return the order's one FulfillmentOrder, its status derived from the order's."""
    status, request_status = _FULFILLMENT_ORDER_STATUS.get(fulfillment, ("OPEN", "UNSUBMITTED"))
    if cancelled:
        status = "CANCELLED"
    if fulfillment == "ON_HOLD":
        hold = hold or "INVENTORY_OUT_OF_STOCK"
    if fulfillment == "SCHEDULED" and fulfill_at_days is None:
        fulfill_at_days = 5
    return {
        "id": f"gid://shopify/FulfillmentOrder/{legacy_id * 10 + 1}",
        "status": status,
        "requestStatus": request_status,
        "fulfillAt": iso(now + timedelta(days=fulfill_at_days)) if fulfill_at_days else None,
        "fulfillBy": None,
        "fulfillmentHolds": [_hold(legacy_id, hold)] if hold else [],
        "deliveryMethod": {
            "id": f"gid://shopify/DeliveryMethod/{legacy_id}",
            "methodType": "PICK_UP" if pickup else "SHIPPING",
            "presentedName": places.delivery_title(place, pickup),
            "serviceCode": "pickup" if pickup else "standard",
            "sourceReference": None,
            "minDeliveryDateTime": iso(processed + timedelta(days=promise[0])) if promise else None,
            "maxDeliveryDateTime": iso(processed + timedelta(days=promise[1])) if promise else None,
        },
        "assignedLocation": places.assigned_location(place),
        "orderId": order_gid,
        "orderName": name,
        "orderProcessedAt": iso(processed),
        "createdAt": iso(processed),
        "updatedAt": iso(now),
        "supportedActions": [],
        "destination": None,
        "channelId": None,
    }


def _hold(legacy_id: int, reason: str) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/FulfillmentHold/{legacy_id}",
        "reason": reason,
        "displayReason": reason.replace("_", " ").capitalize(),
        "reasonNotes": None,
        "handle": None,
        "heldByApp": None,
        "heldByRequestingApp": False,
    }
