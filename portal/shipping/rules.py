"""ShippingRules: tracking links and delivery windows for the order page, from Shopify's data
first and from our carrier table and transit times where Shopify has nothing."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from portal.model import Tracking
from portal.shipping.carriers import CarrierDirectory
from portal.shipping.delivery import DeliveryEstimate, TransitTimes, estimate_delivery

Node = dict[str, Any]


def when(value: str | None) -> datetime | None:
    """Parse one of Shopify's ISO 8601 timestamps ('Z' included)."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class ShippingRules:
    """Knows carriers and transit times; the mapping asks it about each shipment."""

    def __init__(self, directory: CarrierDirectory, transit: TransitTimes) -> None:
        self._directory = directory
        self._transit = transit

    def tracking(self, info: Node, address: Node | None, shipped: datetime | None) -> Tracking:
        """Shopify's tracking URL when it has one, else the carrier table's, else a detection's."""
        number = (info.get("number") or "").strip()
        link = self._directory.resolve(
            info.get("company"), number, info.get("url"),
            postcode=(address or {}).get("zip"), country=(address or {}).get("countryCodeV2"),
            year=shipped.year if shipped else None)
        return Tracking(number=number or None, carrier=link.carrier_name or info.get("company"),
                        carrier_key=link.carrier_key, url=link.url, link_source=link.source)

    def shipment_window(self, fulfillment: Node, promise: Node | None, address: Node | None,
                        carrier_key: str | None, tz: tzinfo, today: date) -> DeliveryEstimate | None:
        """When a shipment should arrive; None once it has."""
        return estimate_delivery(
            today=today, transit=self._transit,
            delivered=bool(fulfillment.get("deliveredAt")),
            shopify_estimate=_shopify_date(fulfillment),
            promise_min=when((promise or {}).get("minDeliveryDateTime")),
            promise_max=when((promise or {}).get("maxDeliveryDateTime")),
            shipped_at=when(fulfillment.get("inTransitAt")) or when(fulfillment.get("createdAt")),
            carrier_key=carrier_key, country=(address or {}).get("countryCodeV2"), tz=tz)

    def carrier_name(self, tracking: Tracking, locale: str) -> str | None:
        """The carrier's name as shoppers of `locale` know it (ヤマト運輸 in Japanese)."""
        carrier = self._directory.find_key(tracking.carrier_key) if tracking.carrier_key else None
        return carrier.display_name(locale) if carrier else tracking.carrier

    def order_window(self, processed_at: datetime | None, promise: Node | None,
                     address: Node | None, tz: tzinfo, today: date) -> DeliveryEstimate | None:
        """When an order that has not been sent yet should arrive."""
        return estimate_delivery(
            today=today, transit=self._transit,
            promise_min=when((promise or {}).get("minDeliveryDateTime")),
            promise_max=when((promise or {}).get("maxDeliveryDateTime")),
            processed_at=processed_at, country=(address or {}).get("countryCodeV2"), tz=tz)


def _shopify_date(fulfillment: Node) -> datetime | None:
    """Shopify's own date: the fulfillment's, else the newest carrier event that gave one."""
    if fulfillment.get("estimatedDeliveryAt"):
        return when(fulfillment["estimatedDeliveryAt"])
    events = ((fulfillment.get("events") or {}).get("nodes")) or []
    dated = [e for e in events if e and e.get("estimatedDeliveryAt") and e.get("happenedAt")]
    latest = max(dated, key=lambda e: when(e["happenedAt"]), default=None)
    return when(latest["estimatedDeliveryAt"]) if latest else None
