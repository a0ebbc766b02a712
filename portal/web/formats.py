"""CLDR date formatting with each locale's patterns parsed once per process.

Babel parses a pattern string on every format call; an order page formats a dozen dates, so
the parsed patterns are kept per locale, and days, times of day and delivery windows (few
distinct ones across a store's orders) are memoised.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from functools import lru_cache

from babel import Locale
from babel.dates import (
    PATTERN_CHAR_ORDER,
    DateTimeFormat,
    DateTimePattern,
    get_timezone_location,
    parse_pattern,
)

# Named CLDR formats and the skeleton of a delivery day ("Wed, Dec 2", "12月2日(水)").
_DATE_STYLES = ("long", "medium")
_DAY_SKELETON = "MMMEd"


@lru_cache(maxsize=16)
def locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=128)
def _pattern(code: str, kind: str) -> DateTimePattern:
    loc = locale(code)
    # Babel's locale data is typed Any; these entries are parsed patterns.
    if kind in _DATE_STYLES:
        pattern: DateTimePattern = loc.date_formats[kind]
        return pattern
    if kind == "time":
        short: DateTimePattern = loc.time_formats["short"]
        return short
    return parse_pattern(loc.datetime_skeletons[_DAY_SKELETON].pattern
                         if _DAY_SKELETON in loc.datetime_skeletons else "MMM d")


def _local(value: date | datetime, tz: tzinfo) -> date | datetime:
    return _in_zone(value, tz) if isinstance(value, datetime) else value


def _in_zone(value: datetime, tz: tzinfo) -> datetime:
    return value.astimezone(tz) if value.tzinfo else value


def day(value: date | datetime, style: str, code: str, tz: tzinfo) -> str:
    """`value` as a date in `style` ("long", "medium" or "day"), on its day in `tz`."""
    local = _local(value, tz)
    local_day = local.date() if isinstance(local, datetime) else local
    return _day(local_day, style if style in _DATE_STYLES else "day", code)


@lru_cache(maxsize=4096)
def _day(value: date, kind: str, code: str) -> str:
    # An order page shows a dozen dates and most fall on the same few days as other orders'.
    return _pattern(code, kind).apply(value, locale(code))


def date_and_time(value: datetime, code: str, tz: tzinfo) -> str:
    """Medium date and short time, joined the locale's way ("28. nov. 2026, 14:05")."""
    local = _in_zone(value, tz)
    # CLDR's short times show hours and minutes only, so each minute of a day is formatted once.
    return (_joined(code).replace("{1}", _day(local.date(), "medium", code))
            .replace("{0}", _time_of_day(local.hour, local.minute, code)))


@lru_cache(maxsize=16)
def _joined(code: str) -> str:
    return str(locale(code).datetime_formats["medium"]).replace("'", "")


@lru_cache(maxsize=4096)
def _time_of_day(hour: int, minute: int, code: str) -> str:
    return _pattern(code, "time").apply(time(hour, minute), locale(code))


# The dash or tilde between the two ends of an interval, on whichever piece CLDR puts it.
_TRAILING = re.compile(r"\s*[–—~～\-－]\s*$")
_LEADING = re.compile(r"^\s*[–—~～\-－]\s*")


def _split(first: str, last: str) -> tuple[str, str, str]:
    if match := _TRAILING.search(first):
        return first[:match.start()], match.group(), last
    if match := _LEADING.search(last):
        return first, match.group(), last[match.end():]
    return first, "", last


@lru_cache(maxsize=1024)
def window(earliest: date, latest: date, code: str) -> tuple[str, str, str]:
    """A delivery window with CLDR's interval format, as (first day, separator, last day), so
    each day can be its own <time>: ("Wed, Dec 2", " – ", "Fri, Dec 4"), ("12月2日(水)", "～",
    "4日(金)"), ("ons. 2.", "–", "fre. 4. des."), ("mié, 2 dic", " – ", "vie, 4 dic")."""
    loc = locale(code)
    pieces = loc.interval_formats.get(_DAY_SKELETON) or {}
    start, end = DateTimeFormat(earliest, locale=loc), DateTimeFormat(latest, locale=loc)
    # CLDR's rule (as babel.dates.format_interval): the largest field that differs picks the pattern.
    for field in PATTERN_CHAR_ORDER:
        if field in pieces and start.extract(field) != end.extract(field):
            first, last = (parse_pattern(pattern).apply(day, loc)
                           for pattern, day in zip(pieces[field], (earliest, latest), strict=True))
            return _split(first, last)
    pattern = _pattern(code, "day")
    fallback = str(loc.interval_formats.get(None) or "{0} – {1}")
    return (pattern.apply(earliest, loc), fallback.split("{0}", 1)[-1].split("{1}", 1)[0],
            pattern.apply(latest, loc))


@lru_cache(maxsize=256)
def zone_name(zone: str, code: str) -> str:
    """A time zone as the locale names a place's time: "Norway Time", "ノルウェー時間"."""
    return get_timezone_location(zone, locale=locale(code))


def load(code: str) -> None:
    """Load a language's CLDR data and parse its patterns now, so that the first page a worker
    shows in that language does not pay for it (about 10 ms)."""
    loc = locale(code)
    for kind in (*_DATE_STYLES, "time", "day"):
        _pattern(code, kind)
    _joined(code)
    # Babel reads a locale's whole data file on the first look into it.
    len(loc.interval_formats)
