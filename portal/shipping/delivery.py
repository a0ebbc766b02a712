"""Delivery windows: Shopify's date, else the checkout's promise, else what the store's own
deliveries took, else our carrier table; all in business days."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from portal.model import DeliveryEstimate, EstimateSource, HistoryBasis
from portal.shipping.business_days import add_business_days, delivery_days, handling_days

TRANSIT_TIMES_FILE = Path(__file__).parent / "data" / "transit_times.json"
DEFAULT = "default"

DayRange = tuple[int, int]


def _day_range(value: Any, where: str) -> DayRange:
    if not (isinstance(value, list | tuple) and len(value) == 2
            and all(type(v) is int for v in value) and 0 <= value[0] <= value[1]):
        raise ValueError(f"{where}: expected [fewest, most] business days, got {value!r}")
    return value[0], value[1]


def _country_key(country: str, where: str) -> str:
    if country != DEFAULT and not (len(country) == 2 and country.isalpha() and country.isupper()):
        raise ValueError(f"{where}: {country!r} is not an upper-case ISO 3166-1 alpha-2 code")
    return country


@dataclass(frozen=True)
class TransitTimes:
    """Handling days, and transit days per carrier and destination country, with defaults."""

    handling_days: int
    carriers: Mapping[str, Mapping[str, DayRange]]

    def __post_init__(self) -> None:
        if type(self.handling_days) is not int or self.handling_days < 0:
            raise ValueError(f"handling_days: want a whole number >= 0, got {self.handling_days!r}")
        if DEFAULT not in self.carriers.get(DEFAULT, {}):
            raise ValueError('carriers: the "default" carrier needs a "default" range')

    @classmethod
    def from_json(
        cls, table: Mapping[str, Any], base: "TransitTimes | None" = None,
    ) -> "TransitTimes":
        """The table in parsed JSON, merged country by country over `base` when one is given."""
        carriers = {key: dict(row) for key, row in (base.carriers if base else {}).items()}
        for key, row in (table.get("carriers") or {}).items():
            for country, days in row.items():
                where = f"carriers.{key}.{country}"
                carriers.setdefault(key, {})[_country_key(country, where)] = _day_range(days, where)
        handling = table.get("handling_days", base.handling_days if base else None)
        return cls(handling_days=handling, carriers=carriers)

    @classmethod
    def load(cls, override: str | Path | None = None) -> "TransitTimes":
        """The shipped table, with the file at `override` (TRANSIT_TIMES_FILE) merged over it."""
        table = cls.from_json(json.loads(TRANSIT_TIMES_FILE.read_text(encoding="utf-8")))
        if not override:
            return table
        return cls.from_json(json.loads(Path(override).read_text(encoding="utf-8")), base=table)

    def transit_days(self, carrier_key: str | None, country: str | None) -> DayRange:
        """Fewest and most transit days: carrier row, then default row; country, then default."""
        country = (country or "").upper()
        row, fallback = self.carriers.get(carrier_key or "", {}), self.carriers[DEFAULT]
        return row.get(country) or row.get(DEFAULT) or fallback.get(country) or fallback[DEFAULT]


def _day(moment: datetime, tz: tzinfo | None) -> date:
    # Naive datetimes are taken as already local; aware ones (Shopify's are UTC) move to `tz` first.
    return moment.astimezone(tz).date() if tz and moment.tzinfo else moment.date()


def _portal_window(
    transit: TransitTimes, shipped_at: datetime | None, processed_at: datetime | None,
    carrier_key: str | None, country: str | None, tz: tzinfo | None, subdiv: str | None,
) -> tuple[date, date] | None:
    if shipped_at is not None:
        handed_over = _day(shipped_at, tz)
    elif processed_at is not None:
        handed_over = handling_days(country, subdiv).add(_day(processed_at, tz),
                                                         transit.handling_days)
    else:
        return None
    fewest, most = transit.transit_days(carrier_key, country)
    days = delivery_days(carrier_key, country, subdiv)
    return days.add(handed_over, fewest), days.add(handed_over, most)


def not_before(estimate: DeliveryEstimate | None, requested: date | None,
               today: date) -> DeliveryEstimate | None:
    """`estimate` moved so that it never shows a day before the shopper's requested date."""
    if estimate is None or requested is None or estimate.earliest >= requested:
        return estimate
    latest = max(estimate.latest, requested)
    return DeliveryEstimate(earliest=requested, latest=latest, source=estimate.source,
                            is_late=latest < today)


def _history_window(basis: HistoryBasis, start: datetime | None,
                    tz: tzinfo | None) -> tuple[date, date] | None:
    if start is None:
        return None
    day = _day(start, tz)
    return (add_business_days(day, basis.fewest, basis.country),
            add_business_days(day, basis.most, basis.country))


def estimate_delivery(
    *,
    today: date,
    transit: TransitTimes,
    delivered: bool = False,
    shopify_estimate: datetime | None = None,
    promise_min: datetime | None = None,
    promise_max: datetime | None = None,
    shipped_at: datetime | None = None,
    processed_at: datetime | None = None,
    carrier_key: str | None = None,
    country: str | None = None,
    tz: tzinfo | None = None,
    subdiv: str | None = None,
    history: HistoryBasis | None = None,
) -> DeliveryEstimate | None:
    """The delivery window to show; None once delivered or with nothing to estimate from."""
    if delivered:
        return None
    window: tuple[date, date] | None
    source: EstimateSource
    if shopify_estimate is not None:
        day = _day(shopify_estimate, tz)
        window, source = (day, day), "shopify"
    elif promise_min is not None or promise_max is not None:
        # A promise with one end only is a single day.
        ends = [_day(end, tz) for end in (promise_min, promise_max) if end is not None]
        window, source = (ends[0], ends[-1]), "checkout_promise"
    elif history is not None:
        window, source = _history_window(history, shipped_at or processed_at, tz), "store_history"
    else:
        window = _portal_window(transit, shipped_at, processed_at, carrier_key, country, tz,
                                subdiv)
        source = "portal_estimate"
    if window is None:
        return None
    earliest, latest = window
    return DeliveryEstimate(earliest=earliest, latest=latest, source=source, is_late=latest < today,
                            basis=history if source == "store_history" else None)
