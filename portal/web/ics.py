"""Calendar files (RFC 5545) for a delivery window or a pickup, so shoppers can keep the date."""

import hashlib
from datetime import UTC, date, datetime, timedelta

PRODID = "-//Order Lookup Portal//Delivery calendar//EN"
_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """`value` as an RFC 5545 TEXT value: backslashes, semicolons, commas and newlines escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(char, escaped)
    return value


def fold_line(line: str) -> str:
    """`line` folded at 75 octets (continuations start with a space), never inside a character."""
    pieces, piece, size, limit = [], "", 0, _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            # The space that opens a continuation line counts towards its 75 octets.
            pieces.append(piece)
            piece, size, limit = "", 0, _LINE_OCTETS - 1
        piece += char
        size += octets
    pieces.append(piece)
    return "\r\n ".join(pieces)


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _span(start: date, end: date) -> list[str]:
    if isinstance(start, datetime) and isinstance(end, datetime):
        if end <= start:
            raise ValueError("the event must end after it starts")
        return [f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(end)}"]
    if isinstance(start, datetime) or isinstance(end, datetime) or end < start:
        raise ValueError("an all-day span needs two dates, the last not before the first")
    # DTEND of an all-day event is exclusive; a window of days should not mark the shopper busy.
    last = end + timedelta(days=1)
    return [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{last:%Y%m%d}",
            "TRANSP:TRANSPARENT"]


def _calendar(kind: str, key: str, domain: str, span: list[str], summary: str,
              description: str, url: str | None, location: str | None,
              now: datetime | None) -> str:
    # The same shipment always gets the same UID, so downloading again updates the event.
    digest = hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:32]
    event = [f"UID:{kind}-{digest}@{domain}", f"DTSTAMP:{_stamp(now or datetime.now(UTC))}",
             *span, f"SUMMARY:{escape_text(summary)}"]
    if description:
        event.append(f"DESCRIPTION:{escape_text(description)}")
    if location:
        event.append(f"LOCATION:{escape_text(location)}")
    # A URI is not TEXT and cannot be escaped: one with control characters is left out.
    if url and url.isprintable():
        event.append(f"URL:{url}")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "BEGIN:VEVENT", *event, "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold_line(line) + "\r\n" for line in lines)


def delivery_ics(*, key: str, domain: str, earliest: date, latest: date, summary: str,
                 description: str = "", url: str | None = None,
                 now: datetime | None = None) -> str:
    """A calendar with one all-day event over the delivery window, both days included."""
    return _calendar("delivery", key, domain, _span(earliest, latest), summary, description,
                     url, None, now)


def pickup_ics(*, key: str, domain: str, start: date, end: date, location: str, summary: str,
               description: str = "", url: str | None = None,
               now: datetime | None = None) -> str:
    """A calendar with one event at the pickup location: timed for datetimes, all-day for dates."""
    return _calendar("pickup", key, domain, _span(start, end), summary, description, url,
                     location, now)
