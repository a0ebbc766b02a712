"""Where an order stands: the one truth table behind the headline, the delivery card and the
progress steps, so no part of the page can contradict another.

Rows are tried top to bottom; the first that matches decides (README, "Order status").

| # | when                                                        | stage              |
|---|-------------------------------------------------------------|--------------------|
| 1 | the order is cancelled                                      | CANCELLED          |
| 2 | pickup, every item collected                                | PICKED_UP          |
| 3 | pickup, a part is ready to collect                          | PICKUP_READY       |
| 4 | pickup, fulfillment ON_HOLD / SCHEDULED                     | ON_HOLD / SCHEDULED|
| 5 | pickup, otherwise                                           | PICKUP_PREPARING   |
| 6 | nothing handed to a carrier yet: by fulfillment status      | see BEFORE_SENDING|
|   | (a label or warehouse request waiting, unless ON_HOLD)      | PREPARING          |
|   | (UNFULFILLED, OPEN)                                         | RECEIVED           |
|   | (a status newer than this table)                            | PROCESSING         |
| 7 | every parcel delivered or collected, nothing left to send   | DELIVERED          |
| 8 | a parcel's delivery was attempted                           | ATTEMPTED          |
| 9 | a parcel failed or was not delivered                        | PROBLEM            |
|10 | a parcel is delayed                                         | DELAYED            |
|11 | items or labels still to send                               | PARTLY_SENT        |
|12 | a parcel waits at a pickup point                            | AT_PICKUP_POINT    |
|13 | a parcel is out for delivery                                | OUT_FOR_DELIVERY   |
|14 | otherwise                                                   | ON_ITS_WAY         |

Payment status never changes the stage; it has its own card. A parcel status newer than this
table counts as not handed over, so it never makes an order look further along than it is.
"""

from __future__ import annotations

from enum import StrEnum

from portal.model import Order


class Stage(StrEnum):
    CANCELLED = "cancelled"
    PICKUP_PREPARING = "pickup_preparing"
    PICKUP_READY = "pickup_ready"
    PICKED_UP = "picked_up"
    RECEIVED = "received"
    PROCESSING = "processing"
    PREPARING = "preparing"
    ON_HOLD = "on_hold"
    SCHEDULED = "scheduled"
    REARRANGING = "rearranging"
    NOT_SENDING = "not_sending"
    PARTLY_SENT = "partly_sent"
    ON_ITS_WAY = "on_its_way"
    OUT_FOR_DELIVERY = "out_for_delivery"
    AT_PICKUP_POINT = "at_pickup_point"
    ATTEMPTED = "attempted"
    DELAYED = "delayed"
    PROBLEM = "problem"
    DELIVERED = "delivered"


# Shipment statuses before a carrier has the parcel: the store is still preparing it.
NOT_HANDED_OVER = frozenset({"SUBMITTED", "LABEL_PURCHASED", "LABEL_PRINTED"})
ARRIVED = frozenset({"DELIVERED", "PICKED_UP"})
HANDED_OVER = frozenset({"CONFIRMED", "FULFILLED", "MARKED_AS_FULFILLED", "CARRIER_PICKED_UP",
                         "IN_TRANSIT", "DELAYED", "OUT_FOR_DELIVERY", "ATTEMPTED_DELIVERY",
                         "FAILURE", "NOT_DELIVERED", "READY_FOR_PICKUP", *ARRIVED})

BEFORE_SENDING = {"ON_HOLD": Stage.ON_HOLD, "SCHEDULED": Stage.SCHEDULED,
                   "REQUEST_DECLINED": Stage.REARRANGING, "RESTOCKED": Stage.NOT_SENDING,
                   "IN_PROGRESS": Stage.PREPARING, "PENDING_FULFILLMENT": Stage.PREPARING,
                   "PARTIALLY_FULFILLED": Stage.PREPARING, "FULFILLED": Stage.ON_ITS_WAY,
                   "UNFULFILLED": Stage.RECEIVED, "OPEN": Stage.RECEIVED}
# Rows 8-13: the first status any parcel has decides, in this order.
_PARCEL_ROWS = ((frozenset({"ATTEMPTED_DELIVERY"}), Stage.ATTEMPTED),
                (frozenset({"FAILURE", "NOT_DELIVERED"}), Stage.PROBLEM),
                (frozenset({"DELAYED"}), Stage.DELAYED))
_LATER_ROWS = ((frozenset({"READY_FOR_PICKUP"}), Stage.AT_PICKUP_POINT),
               (frozenset({"OUT_FOR_DELIVERY"}), Stage.OUT_FOR_DELIVERY))


def _pickup_stage(order: Order) -> Stage:
    statuses = {s.status for s in order.active_shipments}
    if statuses & ARRIVED and not order.unshipped_items and not statuses - ARRIVED:
        return Stage.PICKED_UP
    if statuses & {"READY_FOR_PICKUP", *ARRIVED}:
        return Stage.PICKUP_READY
    held = BEFORE_SENDING.get(order.fulfillment_status)
    return held if held in (Stage.ON_HOLD, Stage.SCHEDULED) else Stage.PICKUP_PREPARING


def _first(rows: tuple[tuple[frozenset[str], Stage], ...], statuses: set[str]) -> Stage | None:
    return next((stage for wanted, stage in rows if statuses & wanted), None)


def stage(order: Order) -> Stage:
    """The stage of `order` by the table above."""
    if order.is_cancelled:
        return Stage.CANCELLED
    if order.is_pickup:
        return _pickup_stage(order)
    active = order.active_shipments
    sent = {s.status for s in active if s.status in HANDED_OVER}
    if not sent:
        waiting = any(s.status in NOT_HANDED_OVER for s in active)
        before = BEFORE_SENDING.get(order.fulfillment_status, Stage.PROCESSING)
        return Stage.PREPARING if waiting and before is not Stage.ON_HOLD else before
    still_to_send = bool(order.unshipped_items) or any(s.status in NOT_HANDED_OVER for s in active)
    if sent <= ARRIVED and not still_to_send:
        return Stage.DELIVERED
    return (_first(_PARCEL_ROWS, sent) or (Stage.PARTLY_SENT if still_to_send else None)
            or _first(_LATER_ROWS, sent) or Stage.ON_ITS_WAY)


# The progress indicator: a delivery's five steps, a pickup's four.
DELIVERY_STEPS = 5
_PICKUP_STEP = {Stage.PICKUP_PREPARING: 1, Stage.ON_HOLD: 1, Stage.SCHEDULED: 1,
                Stage.PICKUP_READY: 2, Stage.PICKED_UP: 3}
_SHIPMENT_STEP = {"LABEL_PURCHASED": 0, "LABEL_PRINTED": 0, "SUBMITTED": 0,
                  "CONFIRMED": 1, "FULFILLED": 1, "MARKED_AS_FULFILLED": 1,
                  "CARRIER_PICKED_UP": 2, "IN_TRANSIT": 2, "DELAYED": 2,
                  "ATTEMPTED_DELIVERY": 3, "OUT_FOR_DELIVERY": 3, "DELIVERED": 4}


def pickup_step(order: Order) -> int | None:
    """How many of a pickup's steps (ordered, being prepared, ready, picked up) are reached."""
    return None if order.is_cancelled else _PICKUP_STEP.get(stage(order))


def shipment_step(status: str) -> int | None:
    """How many of a delivery's steps a parcel has reached (0-4); None off the delivery path:
    at a pickup point, or when it will not come."""
    return _SHIPMENT_STEP.get(status)
