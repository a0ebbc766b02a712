"""Working days: when a shop hands parcels over and when a carrier delivers, per destination.

A shop works Monday to Friday outside public holidays (and, in Japan, outside the carriers'
year-end closure); some carriers deliver every day of the year, so their transit days are
calendar days. Spain's holidays are looked up per autonomous community.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

# Carriers that deliver on Saturdays, Sundays and public holidays in their home country:
# Yamato's TA-Q-BIN, Sagawa's Hikyaku and Japan Post's Yu-Pack deliver every day of the year.
EVERY_DAY_CARRIERS = {"yamato": "JP", "sagawa": "JP", "japan_post": "JP"}

# Japanese shops and carriers' collection stop over the New Year holidays (年末年始, 29 Dec-3 Jan).
_YEAR_END = {"JP": ((12, 29), (1, 3))}


@functools.lru_cache(maxsize=256)
def public_holidays(country: str, year: int, subdiv: str | None = None) -> frozenset[date]:
    """The public holidays of `country` (and region `subdiv`) in `year`; none if unknown."""
    try:
        return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))
    except NotImplementedError:
        return frozenset()


def in_year_end_closure(day: date, country: str | None) -> bool:
    """True inside the country's year-end closure (Japan: 29 Dec to 3 Jan)."""
    closure = _YEAR_END.get((country or "").upper())
    if not closure:
        return False
    (first_month, first_day), (last_month, last_day) = closure
    return (day.month, day.day) >= (first_month, first_day) or \
        (day.month, day.day) <= (last_month, last_day)


@dataclass(frozen=True)
class WorkingDays:
    """Which days count: `weekends` and `holidays` say whether those days work too."""

    country: str | None
    subdiv: str | None = None
    weekends: bool = False
    holidays: bool = False
    year_end_closure: bool = False

    def works_on(self, day: date) -> bool:
        if self.year_end_closure and in_year_end_closure(day, self.country):
            return False
        if not self.weekends and day.weekday() >= 5:
            return False
        if self.holidays or not self.country:
            return True
        # Looked up by the day's own year, so a span across New Year sees both years.
        return day not in public_holidays(self.country.upper(), day.year, self.subdiv)

    def first_on_or_after(self, day: date) -> date:
        """`day` itself when it counts, else the first day after it that does."""
        while not self.works_on(day):
            day += timedelta(days=1)
        return day

    def add(self, start: date, days: int) -> date:
        """The day `days` working days after the first working day on or after `start`."""
        day = self.first_on_or_after(start)
        for _ in range(days):
            day = self.first_on_or_after(day + timedelta(days=1))
        return day


def handling_days(country: str | None, subdiv: str | None = None) -> WorkingDays:
    """The days a shop sending to `country` prepares and hands over parcels."""
    return WorkingDays(country, subdiv, year_end_closure=(country or "").upper() in _YEAR_END)


def delivery_days(carrier_key: str | None, country: str | None,
                  subdiv: str | None = None) -> WorkingDays:
    """The days `carrier_key` moves and delivers parcels in `country`."""
    every_day = EVERY_DAY_CARRIERS.get(carrier_key or "") == (country or "").upper()
    return WorkingDays(country, subdiv, weekends=every_day, holidays=every_day)


def is_business_day(day: date, country: str | None, subdiv: str | None = None) -> bool:
    """True for a Monday to Friday that is not a public holiday in `country` (if one is known)."""
    return WorkingDays(country, subdiv).works_on(day)


def next_business_day(day: date, country: str | None, subdiv: str | None = None) -> date:
    """`day` itself when it is a business day, else the first business day after it."""
    return WorkingDays(country, subdiv).first_on_or_after(day)


def add_business_days(start: date, days: int, country: str | None,
                      subdiv: str | None = None) -> date:
    """The day `days` business days after the first business day on or after `start`."""
    return WorkingDays(country, subdiv).add(start, days)
