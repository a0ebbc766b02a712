"""Business-day arithmetic: weekends and a country's public holidays are not working days."""

import functools
from datetime import date, timedelta

import holidays


@functools.lru_cache(maxsize=128)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of `country` in `year`; none for a country `holidays` does not know."""
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        return frozenset()


def is_business_day(day: date, country: str | None) -> bool:
    """True for a Monday to Friday that is not a public holiday in `country` (if one is known)."""
    if day.weekday() >= 5:
        return False
    # Holidays are looked up by the day's own year, so a span across New Year sees both years.
    return not country or day not in public_holidays(country.upper(), day.year)


def next_business_day(day: date, country: str | None) -> date:
    """`day` itself when it is a business day, else the first business day after it."""
    while not is_business_day(day, country):
        day += timedelta(days=1)
    return day


def add_business_days(start: date, days: int, country: str | None) -> date:
    """The day `days` business days after the first business day on or after `start`."""
    day = next_business_day(start, country)
    for _ in range(days):
        day = next_business_day(day + timedelta(days=1), country)
    return day
