"""Words for an order's stage (portal/lookup/stage.py): the headline, the delivery card, the
progress steps and the payment card, all read from the same truth table."""

from __future__ import annotations

from flask_babel import LazyString, ngettext

from portal.lookup.stage import Stage, pickup_step, shipment_step, stage
from portal.model import Order, Shipment
from portal.web import labels
from portal.web.i18n import lazy_gettext as _l

# Stage -> (headline, what it means), in the shopper's words.
WORDS: dict[Stage, tuple[LazyString, LazyString]] = {
    Stage.CANCELLED: (_l("Cancelled"), _l("The store will not send this order.")),
    Stage.PICKUP_PREPARING: (_l("Being prepared for pickup"),
                             _l("The store is getting your order ready for pickup.")),
    Stage.PICKUP_READY: (_l("Ready for pickup"),
                         _l("Your order is waiting for you at the pickup location.")),
    Stage.PICKED_UP: (_l("Picked up"), _l("You have picked up your order.")),
    Stage.RECEIVED: labels.FULFILLMENT["OPEN"],
    Stage.PROCESSING: labels.FULFILLMENT_UNKNOWN,
    Stage.PREPARING: labels.FULFILLMENT["IN_PROGRESS"],
    Stage.ON_HOLD: labels.FULFILLMENT["ON_HOLD"],
    Stage.SCHEDULED: labels.FULFILLMENT["SCHEDULED"],
    Stage.REARRANGING: labels.FULFILLMENT["REQUEST_DECLINED"],
    Stage.NOT_SENDING: labels.FULFILLMENT["RESTOCKED"],
    Stage.PARTLY_SENT: labels.FULFILLMENT["PARTIALLY_FULFILLED"],
    Stage.ON_ITS_WAY: (_l("On its way"), labels.FULFILLMENT["FULFILLED"][1]),
    Stage.OUT_FOR_DELIVERY: (_l("Out for delivery"),
                             _l("The carrier is bringing your parcel today.")),
    Stage.AT_PICKUP_POINT: (_l("Ready for pickup"), labels.SHIPMENT_HINTS["READY_FOR_PICKUP"]),
    Stage.ATTEMPTED: (_l("Delivery attempted"),
                      _l("The carrier tried to deliver your parcel. See below what to do next.")),
    Stage.DELAYED: (_l("Delayed"), labels.SHIPMENT_HINTS["DELAYED"]),
    Stage.PROBLEM: (_l("Delivery problem"), labels.SHIPMENT_HINTS["FAILURE"]),
    Stage.DELIVERED: (_l("Delivered"), _l("Everything in your order has been delivered.")),
}

DELIVERY_STEPS = (_l("Ordered"), _l("Sent"), _l("In transit"), _l("Out for delivery"),
                  _l("Delivered"))
# A pickup is prepared for collection, not for sending ("発送準備中" would be wrong).
PICKUP_STEPS = (_l("Ordered"), _l("Preparing"), _l("Ready for pickup"), _l("Picked up"))

# Payment explanations that would promise a sending the order will not have.
_PAYMENT_WHEN_CANCELLED = {
    "AUTHORIZED": _l("The approval will be released; you will not be charged for this order."),
    "PENDING": _l("You will not be charged for this cancelled order."),
}
_PAYMENT_FOR_PICKUP = {
    "AUTHORIZED": _l("Your payment has been approved. It will be taken when your order is "
                     "ready for pickup."),
}


def headline(order: Order) -> LazyString:
    """The one line at the top of the page that says where the order stands."""
    return WORDS[stage(order)][0]


def delivery_card(order: Order) -> tuple[LazyString, LazyString]:
    """(label, explanation) of the delivery card; the same stage as the headline."""
    return WORDS[stage(order)]


def payment_card(order: Order) -> tuple[LazyString, LazyString]:
    """(label, explanation) of the payment card, never promising a sending that will not come."""
    label, explanation = labels.payment(order.payment_status)
    extra = _PAYMENT_WHEN_CANCELLED if order.is_cancelled else \
        _PAYMENT_FOR_PICKUP if order.is_pickup else {}
    return label, extra.get(order.payment_status, explanation)


def still_to_send(order: Order) -> str | None:
    """"2 items are still to be sent." for a partly sent order, so the page says which part is
    where; None otherwise."""
    count = sum(item.unshipped_quantity for item in order.items_still_to_send)
    if not count:
        return None
    return str(ngettext("%(num)s item is still to be sent.", "%(num)s items are still to be sent.",
                        count))


def steps(order: Order, shipment: Shipment | None = None) -> tuple[tuple[LazyString, ...], int | None]:
    """The progress steps to show and how many are reached: a pickup's for the pickup card,
    a delivery's for a shipment card."""
    if shipment is None:
        return PICKUP_STEPS, pickup_step(order)
    return DELIVERY_STEPS, shipment_step(shipment.status)
