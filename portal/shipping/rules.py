"""ShippingRules: tracking links and delivery windows for the order page, from the store's own
data first, then from what its past deliveries took, then from our carrier table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from portal.model import DeliveryEstimate, HistoryBasis, Learned, NextStep, Tracking
from portal.shipping.carriers import CarrierDirectory
from portal.shipping.delivery import TransitTimes, estimate_delivery
from portal.shipping.learned import Area, history_basis
from portal.shipping.next_steps import next_step
from portal.shipping.regions import subdivision


@dataclass(frozen=True)
class Destination:
    """Where a parcel goes, as far as carriers and calendars care."""

    postcode: str | None
    country: str | None
    province_code: str | None = None
    province: str | None = None  # its name, as the address spells it

    @property
    def subdivision(self) -> str | None:
        """The holiday region of the destination, where its holidays differ by region."""
        return subdivision(self.country, self.province_code)


@dataclass(frozen=True)
class Promise:
    """The delivery dates the checkout promised, when the store set any."""

    earliest: datetime | None
    latest: datetime | None


NO_PROMISE = Promise(None, None)


class ShippingRules:
    """Knows carriers and transit times; the mapping asks it about each shipment."""

    def __init__(self, directory: CarrierDirectory, transit: TransitTimes,
                 history: Callable[[], Learned | None] = lambda: None,
                 min_parcels: int = 20) -> None:
        self._directory = directory
        self._transit = transit
        self._history = history
        self._min_parcels = min_parcels

    def tracking(self, company: str | None, number: str, url: str | None,
                 destination: Destination, shipped: datetime | None) -> Tracking:
        """The store's tracking URL when it has one, else the carrier table's, else a detection's."""
        number = number.strip()
        link = self._directory.resolve(company, number, url, postcode=destination.postcode,
                                       country=destination.country,
                                       year=shipped.year if shipped else None)
        return Tracking(number=number or None, carrier=link.carrier_name or company,
                        carrier_key=link.carrier_key, url=link.url, link_source=link.source)

    def shipment_window(self, *, delivered: bool, carrier_estimate: datetime | None,
                        promise: Promise, destination: Destination, shipped_at: datetime | None,
                        carrier_key: str | None, tz: tzinfo, today: date) -> DeliveryEstimate | None:
        """When a shipment should arrive; None once it has."""
        return estimate_delivery(
            today=today, transit=self._transit, delivered=delivered,
            shopify_estimate=carrier_estimate, promise_min=promise.earliest,
            promise_max=promise.latest, shipped_at=shipped_at, carrier_key=carrier_key,
            country=destination.country, tz=tz, subdiv=destination.subdivision,
            history=self._learned(carrier_key, destination, sent=True))

    def next_step(self, carrier_key: str | None, number: str | None,
                  status: str) -> NextStep | None:
        """What the shopper does after this carrier missed them; None when nothing is needed."""
        return next_step(self._directory, carrier_key, number, status)

    def carrier_name(self, tracking: Tracking, locale: str) -> str | None:
        """The carrier's name as shoppers of `locale` know it (ヤマト運輸 in Japanese)."""
        return self.carrier_display(tracking.carrier_key, locale) or tracking.carrier

    def carrier_display(self, carrier_key: str | None, locale: str) -> str | None:
        """The name of the carrier table's `carrier_key` in `locale`; None if it has no such key."""
        carrier = self._directory.find_key(carrier_key) if carrier_key else None
        return carrier.display_name(locale) if carrier else None

    def tracking_url(self, tracking: Tracking, locale: str) -> str | None:
        """The tracking link in the shopper's language where the carrier's page has one; the
        cached link is built once for every language, so the language is chosen here."""
        carrier = self._directory.find_key(tracking.carrier_key) if tracking.carrier_key else None
        if (carrier is None or not carrier.language_templates or not tracking.number
                or tracking.link_source not in ("carrier_table", "detected")):
            return tracking.url
        return self._directory.tracking_url(carrier, tracking.number, locale=locale) or tracking.url

    def order_window(self, processed_at: datetime | None, promise: Promise,
                     destination: Destination, tz: tzinfo, today: date) -> DeliveryEstimate | None:
        """When an order that has not been sent yet should arrive."""
        return estimate_delivery(
            today=today, transit=self._transit, promise_min=promise.earliest,
            promise_max=promise.latest, processed_at=processed_at, country=destination.country,
            tz=tz, subdiv=destination.subdivision,
            history=self._learned(None, destination, sent=False))

    def _learned(self, carrier_key: str | None, destination: Destination,
                 sent: bool) -> HistoryBasis | None:
        area = Area.of(destination.country, destination.province_code, destination.postcode)
        return history_basis(self._history(), carrier_key, area, destination.province,
                             self._min_parcels, sent)
