"""Delivery times learned from the store's own deliveries: percentiles of business days per
carrier and destination area, never a single order.

Days are counted as the estimates count them (`add_business_days`), in the destination's
calendar, so a learned "2" means the same thing as a "2" in the carrier table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.model import Days, Figures, HistoryBasis, Learned, RegionKind
from portal.shipping.business_days import is_business_day, next_business_day

ANY_CARRIER = "*"
PERCENTILES = (20, 50, 80)
# Two characters of a postcode name a district in most countries (Norway's 50xx is Bergen)
# without narrowing an area to a few streets.
POSTCODE_PREFIX = 2


@dataclass(frozen=True)
class Area:
    """Where parcels went: a country, and a province code or a postcode prefix within it."""

    country: str
    province: str | None = None
    postcode: str | None = None

    @classmethod
    def of(cls, country: str | None, province_code: str | None, zip_code: str | None) -> Area | None:
        """Return the area of an address: its province when Shopify has one, else its
        postcode's first characters; None without a country."""
        if not country:
            return None
        if province_code:
            return cls(country.upper(), province=province_code.upper())
        prefix = "".join(ch for ch in (zip_code or "") if ch.isalnum())[:POSTCODE_PREFIX].upper()
        return cls(country.upper(), postcode=prefix if len(prefix) == POSTCODE_PREFIX else None)

    @property
    def key(self) -> str:
        """The region's key: "" for the whole country."""
        if self.province:
            return self.province
        return f"postcode:{self.postcode}" if self.postcode else ""

    def widen(self) -> Area | None:
        """Return the whole country for a region, None for a country."""
        return Area(self.country) if self.key else None


@dataclass(frozen=True)
class Parcel:
    """One delivered shipment, as the learning reads it; kept only until it is counted."""

    carrier: str | None  # None: a carrier the carrier table does not know
    area: Area
    processed: date
    sent: date
    in_transit: date
    delivered: date


def find(learned: Learned, carrier: str | None, area: Area | None,
         min_count: int) -> tuple[Figures, Area] | None:
    """Return the figures for a carrier (None: any) to this area with at least `min_count`
    parcels, and the area they cover: the region's, else the whole country's; None leaves it
    to the table."""
    where = area
    while where is not None:
        figures = learned.index.get((carrier or ANY_CARRIER, where.country, where.key))
        if figures is not None and figures.count >= min_count:
            return figures, where
        where = where.widen()
    return None


def history_basis(learned: Learned | None, carrier_key: str | None, area: Area | None,
                  province_name: str | None, min_count: int, sent: bool) -> HistoryBasis | None:
    """Return what the history says of parcels like this one: transit days for a parcel on its
    way, handling plus transit for an order not sent yet (by any carrier, not chosen yet)."""
    found = find(learned, carrier_key if sent else None, area, min_count) if learned else None
    if learned is None or found is None:
        return None
    figures, where = found
    fewest, most = figures.transit[0], figures.transit[-1]
    if not sent:
        fewest, most = fewest + figures.handling[0], most + figures.handling[-1]
    kind: RegionKind
    if where.province:
        kind, region = "province", province_name or where.province
    elif where.postcode:
        kind, region = "postcode", where.postcode
    else:
        kind, region = "country", where.country
    return HistoryBasis(carrier_key=None if figures.carrier == ANY_CARRIER else figures.carrier,
                        country=where.country, region_kind=kind, region=region,
                        province_code=where.province,
                        parcels=figures.count, period_days=learned.days, fewest=fewest, most=most,
                        from_payment=not sent)


def business_days_between(start: date, end: date, country: str | None) -> int:
    """Return n such that `add_business_days(start, n)` is the last business day on or before
    `end` (0 when `end` comes first)."""
    day = next_business_day(start, country)
    count = 0
    while day < end:
        day += timedelta(days=1)
        if day <= end and is_business_day(day, country):
            count += 1
    return count


def percentile(counts: Counter[int], share: int) -> int:
    """Return the nearest-rank `share`th percentile of a histogram of day counts."""
    total = sum(counts.values())
    rank = max(1, -(-share * total // 100))  # ceil(share * total / 100)
    seen = 0
    for days in sorted(counts):
        seen += counts[days]
        if seen >= rank:
            return days
    raise ValueError("no values")


class Tally:
    """Histograms of handling and transit days per carrier and area, filled parcel by parcel;
    memory grows with the number of areas, not of parcels."""

    def __init__(self) -> None:
        self._handling: dict[tuple[str, str, str], Counter[int]] = {}
        self._transit: dict[tuple[str, str, str], Counter[int]] = {}

    def add(self, parcel: Parcel) -> None:
        """Count a parcel for its region and its country, under its carrier and under any."""
        country = parcel.area.country
        transit = business_days_between(parcel.in_transit, parcel.delivered, country)
        handling = business_days_between(parcel.processed, parcel.sent, country)
        regions = {parcel.area.key, ""}
        for carrier in {parcel.carrier or ANY_CARRIER, ANY_CARRIER}:
            for region in regions:
                key = (carrier, country, region)
                self._transit.setdefault(key, Counter())[transit] += 1
                self._handling.setdefault(key, Counter())[handling] += 1

    def figures(self) -> tuple[Figures, ...]:
        """Return every group's percentiles, most parcels first."""
        result = []
        for key, transit in self._transit.items():
            result.append(Figures(*key, count=sum(transit.values()),
                                  handling=_days(self._handling[key]), transit=_days(transit)))
        return tuple(sorted(result, key=lambda f: (-f.count, f.carrier, f.country, f.region)))


def learn(parcels: Iterable[Parcel], learned_at: datetime, days: int) -> Learned:
    """Return the figures of these parcels."""
    tally = Tally()
    for parcel in parcels:
        tally.add(parcel)
    return Learned(learned_at, days, tally.figures())


def _days(counts: Counter[int]) -> Days:
    low, middle, high = (percentile(counts, share) for share in PERCENTILES)
    return low, middle, high
