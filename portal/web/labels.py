"""Words for Shopify's status codes, in the shopper's language, with a generic label for codes
that a newer API version adds, so an unknown value never breaks the page."""

from __future__ import annotations

from flask_babel import LazyString, gettext, ngettext

from portal.model import HistoryBasis
from portal.web.i18n import country_name, locale_code
from portal.web.i18n import lazy_gettext as _l
from portal.web.regions import province_name

PAYMENT = {
    "AUTHORIZED": (_l("Payment approved"),
                   _l("Your payment has been approved. It will be taken when your order is sent.")),
    "EXPIRED": (_l("Payment approval expired"),
                _l("The approval for your payment ran out before it was taken. The store will "
                   "contact you if anything is needed.")),
    "PAID": (_l("Paid"), _l("We have received your payment.")),
    "PARTIALLY_PAID": (_l("Partly paid"), _l("Part of the total has been paid; the rest is still due.")),
    "PARTIALLY_REFUNDED": (_l("Partly refunded"), _l("Part of your payment has been refunded.")),
    "PENDING": (_l("Payment pending"), _l("We are waiting for your payment to be confirmed.")),
    "REFUNDED": (_l("Refunded"), _l("Your payment has been refunded in full.")),
    "VOIDED": (_l("Payment cancelled"), _l("The payment was cancelled and you were not charged.")),
}
PAYMENT_UNKNOWN = (_l("Payment status being updated"),
                   _l("The store will update the payment status shortly."))

FULFILLMENT = {
    "FULFILLED": (_l("Sent"), _l("Everything in your order has been sent.")),
    "IN_PROGRESS": (_l("Being prepared"), _l("The store is preparing your order.")),
    "ON_HOLD": (_l("On hold"), _l("The store has paused your order for a moment.")),
    "OPEN": (_l("Order received"), _l("Your order has been received and will be prepared soon.")),
    "PARTIALLY_FULFILLED": (_l("Partly sent"), _l("Some items have been sent; the rest will follow.")),
    "PENDING_FULFILLMENT": (_l("Waiting to be prepared"),
                            _l("Your order is in the queue to be prepared.")),
    "REQUEST_DECLINED": (_l("Being rearranged"),
                         _l("The warehouse could not take the order yet; the store is arranging "
                            "another way to send it.")),
    "RESTOCKED": (_l("Returned to stock"), _l("The items were returned to stock and will not be sent.")),
    "SCHEDULED": (_l("Scheduled"), _l("Your order will be prepared on the date shown.")),
    "UNFULFILLED": (_l("Not sent yet"), _l("Your order has not been sent yet.")),
}
FULFILLMENT_UNKNOWN = (_l("Being processed"), _l("The store is working on your order."))

HOLD_REASONS = {
    "AWAITING_PAYMENT": _l("It will continue as soon as the payment is confirmed."),
    "AWAITING_RETURN_ITEMS": _l("It will continue when the returned items arrive at the store."),
    "HIGH_RISK_OF_FRAUD": _l("The store is making a routine check before sending it."),
    "INCORRECT_ADDRESS": _l("The store needs to confirm the delivery address. Check your email "
                            "for a message from the store."),
    "INVENTORY_OUT_OF_STOCK": _l("An item is waiting for new stock."),
    "ONLINE_STORE_POST_PURCHASE_CROSS_SELL": _l("Your order is being finalised."),
    "UNKNOWN_DELIVERY_DATE": _l("The delivery date is still being arranged."),
    "OTHER": _l("The store will continue as soon as possible."),
}

SHIPMENT = {
    "ATTEMPTED_DELIVERY": _l("Delivery attempted"),
    "CANCELED": _l("Shipment cancelled"),
    "CARRIER_PICKED_UP": _l("Picked up by the carrier"),
    "CONFIRMED": _l("Confirmed by the carrier"),
    "DELAYED": _l("Delayed"),
    "DELIVERED": _l("Delivered"),
    "FAILURE": _l("Delivery problem"),
    "FULFILLED": _l("Sent"),
    "IN_TRANSIT": _l("In transit"),
    "LABEL_PRINTED": _l("Label printed"),
    "LABEL_PURCHASED": _l("Label created"),
    "LABEL_VOIDED": _l("Label cancelled"),
    "MARKED_AS_FULFILLED": _l("Sent"),
    "NOT_DELIVERED": _l("Not delivered"),
    "OUT_FOR_DELIVERY": _l("Out for delivery"),
    "PICKED_UP": _l("Collected"),
    "READY_FOR_PICKUP": _l("Ready for pickup"),
    "SUBMITTED": _l("Sent to the warehouse"),
}
SHIPMENT_UNKNOWN = _l("Status being updated")

SHIPMENT_HINTS = {
    # Carriers differ on what comes next (Japanese ones wait to be asked to redeliver, Nordic ones
    # leave the parcel at a pickup point), so this says only where the shopper finds out.
    "ATTEMPTED_DELIVERY": _l("The carrier could not hand over the parcel. The carrier's note, "
                             "message or tracking page says how to get it: ask for a new "
                             "delivery, or collect it where the carrier holds it."),
    "DELAYED": _l("The carrier reports a delay. The parcel is still on its way."),
    "FAILURE": _l("The carrier reported a problem. The store has been told and will contact you."),
    "NOT_DELIVERED": _l("The carrier could not deliver the parcel. Contact the store if you have "
                        "not heard from them."),
    "READY_FOR_PICKUP": _l("Your parcel is waiting for you at the pickup point."),
}

RETURN = {
    "INSPECTION_COMPLETE": _l("Return checked by the store"),
    "IN_PROGRESS": _l("Return in progress"),
    "RETURNED": _l("Returned"),
    "RETURN_FAILED": _l("Return not completed"),
    "RETURN_REQUESTED": _l("Return requested"),
}

CANCEL_REASONS = {
    "CUSTOMER": _l("It was cancelled at your request."),
    "DECLINED": _l("It was cancelled because the payment was declined."),
    "FRAUD": _l("It was cancelled because the store could not verify it."),
    "INVENTORY": _l("It was cancelled because items were out of stock."),
    "STAFF": _l("It was cancelled by the store."),
    "OTHER": _l("It was cancelled by the store."),
}

def payment(code: str) -> tuple[LazyString, LazyString]:
    """Return (label, explanation) for an OrderDisplayFinancialStatus."""
    return PAYMENT.get(code, PAYMENT_UNKNOWN)


def fulfillment(code: str) -> tuple[LazyString, LazyString]:
    """Return (label, explanation) for an OrderDisplayFulfillmentStatus."""
    return FULFILLMENT.get(code, FULFILLMENT_UNKNOWN)


def hold_reason(code: str | None) -> LazyString | None:
    return HOLD_REASONS.get(code or "", HOLD_REASONS["OTHER"]) if code else None


def shipment(code: str) -> LazyString:
    """Return the label of a FulfillmentDisplayStatus or FulfillmentEventStatus."""
    return SHIPMENT.get(code, SHIPMENT_UNKNOWN)


def shipment_hint(code: str) -> LazyString | None:
    return SHIPMENT_HINTS.get(code)


def return_status(code: str) -> LazyString | None:
    """Return the label of an OrderReturnStatus, or None when there is no return."""
    return RETURN.get(code) if code != "NO_RETURN" else None


def cancel_reason(code: str | None) -> LazyString:
    return CANCEL_REASONS.get(code or "", CANCEL_REASONS["OTHER"])


ESTIMATE_SOURCES = {
    "shopify": _l("date from the carrier"),
    "checkout_promise": _l("as promised at checkout"),
    "store_history": _l("estimate from this store's past deliveries"),
    "portal_estimate": _l("estimate from the carrier's usual delivery times"),
}


def estimate_source(code: str) -> LazyString:
    """Say where a delivery estimate came from, since an estimate is not a promise."""
    return ESTIMATE_SOURCES.get(code, ESTIMATE_SOURCES["portal_estimate"])


def history_basis(basis: HistoryBasis, carrier: str | None) -> str:
    """Say what a window from the store's own deliveries rests on: how long, how many parcels
    of which carrier to where, over what period ("Usually 1–2 business days: 412 Yamato parcels
    to Iwate, last 180 days")."""
    if basis.region_kind == "country":
        region = country_name(basis.country)
    elif basis.region_kind == "postcode":
        region = gettext("postcodes starting %(prefix)s", prefix=basis.region)
    else:
        region = province_name(basis.province_code, locale_code()) or basis.region
    if carrier:
        parcels = ngettext("%(num)s %(carrier)s parcel to %(region)s",
                           "%(num)s %(carrier)s parcels to %(region)s", basis.parcels,
                           carrier=carrier, region=region)
    else:
        parcels = ngettext("%(num)s parcel to %(region)s", "%(num)s parcels to %(region)s",
                           basis.parcels, region=region)
    period = ngettext("last %(num)s day", "last %(num)s days", basis.period_days)
    if basis.from_payment:
        return str(gettext("Usually %(days)s from payment to delivery: %(parcels)s, %(period)s",
                           days=_business_days(basis), parcels=parcels, period=period))
    return str(gettext("Usually %(days)s: %(parcels)s, %(period)s",
                       days=_business_days(basis), parcels=parcels, period=period))


def _business_days(basis: HistoryBasis) -> str:
    if basis.most == 0:
        return str(gettext("the same day"))
    if basis.fewest == basis.most:
        return str(ngettext("%(num)s business day", "%(num)s business days", basis.most))
    return str(ngettext("%(fewest)s–%(num)s business day", "%(fewest)s–%(num)s business days",
                        basis.most, fewest=basis.fewest))
