"""CLDR date formatting with each locale's patterns parsed once per process.

Babel parses a pattern string on every format call; an order page formats a dozen dates, so
the parsed patterns are kept per locale, and delivery windows (few distinct ones) are memoised.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimePattern, format_interval, get_timezone_location, parse_pattern

# Named CLDR formats and the skeleton of a delivery day ("Wed, Dec 2", "12月2日(水)").
_DATE_STYLES = ("long", "medium")
_DAY_SKELETON = "MMMEd"


@lru_cache(maxsize=16)
def locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=128)
def _pattern(code: str, kind: str) -> DateTimePattern:
    loc = locale(code)
    if kind in _DATE_STYLES:
        return loc.date_formats[kind]
    if kind == "time":
        return loc.time_formats["short"]
    return parse_pattern(loc.datetime_skeletons[_DAY_SKELETON].pattern
                         if _DAY_SKELETON in loc.datetime_skeletons else "MMM d")


def _local(value: date | datetime, tz: tzinfo) -> date | datetime:
    return value.astimezone(tz) if isinstance(value, datetime) and value.tzinfo else value


def day(value: date | datetime, style: str, code: str, tz: tzinfo) -> str:
    """`value` as a date in `style` ("long", "medium" or "day"), on its day in `tz`."""
    local = _local(value, tz)
    local_day = local.date() if isinstance(local, datetime) else local
    return _pattern(code, style if style in _DATE_STYLES else "day").apply(local_day, locale(code))


def date_and_time(value: datetime, code: str, tz: tzinfo) -> str:
    """Medium date and short time, joined the locale's way ("28. nov. 2026, 14:05")."""
    local = _local(value, tz)
    loc = locale(code)
    joined = str(loc.datetime_formats["medium"]).replace("'", "")
    return (joined.replace("{1}", _pattern(code, "medium").apply(local, loc))
            .replace("{0}", _pattern(code, "time").apply(local, loc)))


@lru_cache(maxsize=1024)
def window(earliest: date, latest: date, code: str) -> str:
    """A delivery window with CLDR's interval format: "Wed, Dec 2 – Fri, Dec 4",
    "12月2日(水)～4日(金)", "ons. 2.–fre. 4. des.", "mié, 2 dic – vie, 4 dic"."""
    return format_interval(earliest, latest, _DAY_SKELETON, locale=locale(code))


@lru_cache(maxsize=256)
def zone_name(zone: str, code: str) -> str:
    """A time zone as the locale names a place's time: "Norway Time", "ノルウェー時間"."""
    return get_timezone_location(zone, locale=locale(code))
