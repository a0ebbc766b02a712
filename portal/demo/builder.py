"""Concise builders for orders in Shopify's GraphQL shape, with dates relative to `now`.

    build_order(1001, "a@example.com", currency="JPY", shipments=[
        Shipment("IN_TRANSIT", tracking=[("Yamato (JA)", "4321-8765-0912")])])
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from portal.demo import places
from portal.demo.fulfillment_orders import build_fulfillment_order
from portal.demo.money import SHOP_CURRENCY, bag
from portal.demo.shipments import Event, Shipment, build_fulfillment, iso

__all__ = ["Event", "Item", "Shipment", "build_order", "iso"]

Order = dict[str, Any]


@dataclass(frozen=True)
class Item:
    """One line of an order; `price` is the unit price in the order's currency."""

    title: str
    price: str | int | Decimal
    quantity: int = 1
    variant: str | None = None
    image: int | None = 1
    refunded: int = 0


_DEFAULT_ITEMS = (Item("Wool Socks", "18.00", 2, "Grey / M", image=5),)


def confirmation_for(seed: int) -> str:
    """Return a stable 9-character confirmation number like Shopify's `XPAV284CT`."""
    alphabet = string.ascii_uppercase + string.digits
    digest = hashlib.sha256(f"confirmation:{seed}".encode()).digest()
    return "".join(alphabet[byte % len(alphabet)] for byte in digest[:9])


def build_order(number: int, email: str | None, *, name: str | None = None,
                financial: str = "PAID", fulfillment: str = "FULFILLED", currency: str = "USD",
                country: str | None = None, items: Sequence[Item] = _DEFAULT_ITEMS,
                shipments: Sequence[Shipment] = (), return_status: str = "NO_RETURN",
                cancelled: str | None = None, test: bool = False,
                confirmation: str | None = None, processed_days_ago: float = 3.0,
                hold: str | None = None, fulfill_at_days: float | None = None,
                pickup: bool = False, promise: tuple[float, float] | None = None,
                discount: str = "0", refunded: str | None = None,
                customer: tuple[str, str] | None = None, now: datetime | None = None,
                legacy_id: int | None = None, attributes: Sequence[tuple[str, str]] = (),
                duties: str | None = None, pickup_point: bool = False) -> Order:
    """Return a complete order; every argument has a plausible default."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    legacy_id = legacy_id or 5_500_000_000_000 + number
    place = places.place_for(country, currency)
    name = name or f"#{number}"
    processed = now - timedelta(days=processed_days_ago)
    lines = [_line_item(legacy_id * 1000 + index, item, currency, cancelled)
             for index, item in enumerate(items, 1)]
    fulfillments = [build_fulfillment(legacy_id * 100 + index, f"{name}-F{index}", shipment,
                                      lines, currency, now, pickup)
                    for index, shipment in enumerate(shipments, 1)]
    _count_unfulfilled(lines, fulfillments)
    first, last = customer or _names_from(email)
    address = places.mailing_address(place, first, last, legacy_id)
    gid = f"gid://shopify/Order/{legacy_id}"
    closed = bool(cancelled) or fulfillment == "FULFILLED"
    order: Order = {
        "id": gid,
        "legacyResourceId": str(legacy_id),
        "name": name,
        "email": email,
        "phone": None,
        "confirmationNumber": confirmation or confirmation_for(legacy_id),
        "test": test,
        "createdAt": iso(processed),
        "processedAt": iso(processed),
        "updatedAt": iso(now),
        "cancelledAt": iso(processed + timedelta(hours=2)) if cancelled else None,
        "cancelReason": cancelled,
        "closed": closed,
        "closedAt": iso(now) if closed else None,
        "confirmed": True,
        "displayFinancialStatus": financial,
        "displayFulfillmentStatus": fulfillment,
        "returnStatus": return_status,
        "presentmentCurrencyCode": currency,
        "currencyCode": SHOP_CURRENCY,
        "taxesIncluded": place.taxes_included,
        # Duties paid at checkout (DDP) are part of the prices the shopper saw.
        "dutiesIncluded": duties is not None,
        "currentTotalDutiesSet": bag(Decimal(duties), currency) if duties else None,
        "customAttributes": [{"key": key, "value": value} for key, value in attributes],
        "requiresShipping": not pickup,
        "sourceName": "web",
        "tags": [],
        "note": None,
        "customerLocale": "en",
        "customer": _customer(email, first, last),
        "shippingAddress": None if pickup else address,
        "billingAddress": places.mailing_address(place, first, last, legacy_id + 1),
        "lineItems": lines,
        "fulfillments": fulfillments,
        "fulfillmentOrders": [build_fulfillment_order(
            legacy_id, gid, name, fulfillment, cancelled, processed, now, place,
            hold=hold, fulfill_at_days=fulfill_at_days, pickup=pickup, promise=promise)],
    }
    shipping = Decimal(0) if pickup else places.SHIPPING_PRICES.get(currency, Decimal(5))
    if pickup_point:
        # The checkout sent it to a carrier's pickup point; the shipping address is the point's.
        order["fulfillmentOrders"][0]["deliveryMethod"]["methodType"] = "PICKUP_POINT"
    order["shippingLine"] = _shipping_line(legacy_id, place, shipping, currency, pickup)
    order.update(_totals(lines, currency, place, financial, Decimal(discount), shipping, refunded))
    return order


def _line_item(legacy_id: int, item: Item, currency: str, cancelled: str | None) -> dict[str, Any]:
    price = Decimal(str(item.price))
    total = price * item.quantity
    return {
        "id": f"gid://shopify/LineItem/{legacy_id}",
        "name": f"{item.title} - {item.variant}" if item.variant else item.title,
        "title": item.title,
        "variantTitle": item.variant,
        "sku": f"DEMO-{item.image or 0:03d}",
        "vendor": "Fjordline Goods",
        "quantity": item.quantity,
        "currentQuantity": 0 if cancelled else item.quantity - item.refunded,
        "unfulfilledQuantity": 0,
        "refundableQuantity": 0 if cancelled else item.quantity - item.refunded,
        "requiresShipping": True,
        "taxable": True,
        "isGiftCard": False,
        "image": None if item.image is None else {
            "id": f"gid://shopify/ProductImage/{40_000_000 + item.image}",
            "url": f"/images/{item.image}.svg",
            "altText": item.title,
            "width": 800,
            "height": 800,
        },
        "originalUnitPriceSet": bag(price, currency),
        "discountedUnitPriceSet": bag(price, currency),
        "originalTotalSet": bag(total, currency),
        "discountedTotalSet": bag(total, currency),
    }


def _count_unfulfilled(lines: list[dict[str, Any]], fulfillments: list[dict[str, Any]]) -> None:
    shipped: dict[str, int] = {}
    for fulfillment in fulfillments:
        if fulfillment["status"] != "SUCCESS":
            continue
        for entry in fulfillment["fulfillmentLineItems"]:
            line_id = entry["lineItem"]["id"]
            shipped[line_id] = shipped.get(line_id, 0) + entry["quantity"]
    for line in lines:
        line["unfulfilledQuantity"] = max(0, line["currentQuantity"] - shipped.get(line["id"], 0))


def _totals(lines: list[dict[str, Any]], currency: str, place: places.Place, financial: str,
            discount: Decimal, shipping: Decimal, refunded: str | None) -> dict[str, Any]:
    gross = sum((Decimal(line["originalTotalSet"]["presentmentMoney"]["amount"])
                 for line in lines), Decimal(0))
    subtotal = gross - discount
    rate = place.tax_rate
    if place.taxes_included:
        tax = (subtotal + shipping) * rate / (1 + rate)
        total = subtotal + shipping
    else:
        tax = subtotal * rate
        total = subtotal + shipping + tax
    if refunded is not None:
        refund = Decimal(refunded)
    elif financial == "REFUNDED":
        refund = total
    elif financial == "PARTIALLY_REFUNDED":
        refund = sum((Decimal(line["originalUnitPriceSet"]["presentmentMoney"]["amount"])
                      * (line["quantity"] - line["currentQuantity"]) for line in lines),
                     Decimal(0)) or total / 4
    else:
        refund = Decimal(0)
    paid = financial in ("PAID", "PARTIALLY_REFUNDED", "REFUNDED")
    return {
        "subtotalPriceSet": bag(subtotal, currency),
        "totalShippingPriceSet": bag(shipping, currency),
        "totalTaxSet": bag(tax, currency),
        "totalDiscountsSet": bag(discount, currency),
        "totalPriceSet": bag(total, currency),
        "totalRefundedSet": bag(refund, currency),
        "currentTotalPriceSet": bag(total - refund, currency),
        "totalOutstandingSet": bag(Decimal(0) if paid else total, currency),
        "fullyPaid": paid,
        "unpaid": financial in ("PENDING", "AUTHORIZED", "EXPIRED", "VOIDED"),
    }


def _shipping_line(legacy_id: int, place: places.Place, price: Decimal, currency: str,
                   pickup: bool) -> dict[str, Any]:
    return {
        "id": f"gid://shopify/ShippingLine/{legacy_id}",
        "title": places.delivery_title(place, pickup),
        "code": "pickup" if pickup else "standard",
        "source": "shopify",
        "carrierIdentifier": None,
        "custom": False,
        "isRemoved": False,
        "deliveryCategory": "pick-up" if pickup else "shipping",
        "phone": None,
        "taxLines": [],
        "discountAllocations": [],
        "originalPriceSet": bag(price, currency),
        "discountedPriceSet": bag(price, currency),
        "currentDiscountedPriceSet": bag(price, currency),
    }


def customer_gid(email: str) -> str:
    """Return the stable customer id the demo store gives everyone ordering with `email`."""
    digest = hashlib.sha256(f"customer:{email.strip().lower()}".encode()).hexdigest()
    return f"gid://shopify/Customer/{7_000_000_000_000 + int(digest[:10], 16) % 10**9}"


def _customer(email: str | None, first: str, last: str) -> dict[str, Any] | None:
    # Guest checkouts without an email have no customer record.
    if not email:
        return None
    return {"id": customer_gid(email), "firstName": first, "lastName": last,
            "displayName": f"{first} {last}".strip()}


def _names_from(email: str | None) -> tuple[str, str]:
    """Return a first and last name guessed from an email like `alice.martin@example.com`."""
    local = (email or "guest").split("@")[0]
    parts = [part.capitalize() for part in local.replace("_", ".").split(".") if part]
    return (parts[0] if parts else "Guest"), (" ".join(parts[1:]) or "Example")
