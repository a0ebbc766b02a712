"""Calendar files: RFC 5545 structure, all-day and timed spans, escaping, folding, stable UIDs."""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.web.ics import delivery_ics, escape_text, fold_line, pickup_ics

NOW = datetime(2026, 6, 5, 12, 0, tzinfo=UTC)
KEY = "gid://shopify/Fulfillment/1001"
DOMAIN = "orders.example.com"


def _delivery(**overrides) -> str:
    facts = {"key": KEY, "domain": DOMAIN, "earliest": date(2026, 6, 8),
             "latest": date(2026, 6, 9), "summary": "Parcel from Acme", "now": NOW}
    return delivery_ics(**{**facts, **overrides})


def _pickup(**overrides) -> str:
    tokyo = ZoneInfo("Asia/Tokyo")
    facts = {"key": KEY, "domain": DOMAIN, "start": datetime(2026, 6, 8, 10, tzinfo=tokyo),
             "end": datetime(2026, 6, 8, 18, tzinfo=tokyo), "location": "Shibuya store",
             "summary": "Pick up order #1001", "now": NOW}
    return pickup_ics(**{**facts, **overrides})


def _lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def _property(text: str, name: str) -> str:
    unfolded = text.replace("\r\n ", "")
    [value] = [line.split(":", 1)[1] for line in _lines(unfolded) if line.startswith(name + ":")]
    return value


def test_delivery_window_is_one_all_day_event():
    lines = _lines(_delivery(description="Order #1001", url="https://example.com/t/1"))
    uid = lines.pop(6)
    assert re.fullmatch(r"UID:delivery-[0-9a-f]{32}@orders\.example\.com", uid)
    assert lines == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Order Lookup Portal//Delivery calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        "DTSTAMP:20260605T120000Z",
        "DTSTART;VALUE=DATE:20260608",
        # DTEND is exclusive: a window ending on the 9th ends at the start of the 10th.
        "DTEND;VALUE=DATE:20260610",
        "TRANSP:TRANSPARENT",
        "SUMMARY:Parcel from Acme",
        "DESCRIPTION:Order #1001",
        "URL:https://example.com/t/1",
        "END:VEVENT",
        "END:VCALENDAR",
    ]


def test_a_window_ending_on_new_years_eve_ends_in_the_next_year():
    text = _delivery(earliest=date(2026, 12, 30), latest=date(2026, 12, 31))
    assert "DTEND;VALUE=DATE:20270101\r\n" in text


def test_every_line_ends_with_crlf():
    text = _delivery(description="one\ntwo\r\nthree")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a,b", "a\\,b"),
    ("a;b", "a\\;b"),
    ("a\\b", "a\\\\b"),
    ("a\nb", "a\\nb"),
    ("a\r\nb", "a\\nb"),
    ("ヤマト運輸, 佐川急便; Correos", "ヤマト運輸\\, 佐川急便\\; Correos"),
])
def test_text_escaping(raw, escaped):
    assert escape_text(raw) == escaped


def test_summary_and_description_are_escaped_in_the_file():
    text = _delivery(summary="Acme; shoes, socks", description="Line 1\nC:\\box")
    assert _property(text, "SUMMARY") == "Acme\\; shoes\\, socks"
    assert _property(text, "DESCRIPTION") == "Line 1\\nC:\\\\box"


def test_japanese_text_folds_at_75_octets_without_splitting_a_character():
    summary = "ヤマト運輸でお届け予定のご注文（注文番号 #1001）の配達予定日です。" * 3
    text = _delivery(summary=summary)
    for line in _lines(text):
        assert len(line.encode("utf-8")) <= 75
    assert _property(text, "SUMMARY") == summary


def test_folding_by_hand():
    # 80 ASCII octets: 75 on the first line, then a space and the last 5.
    line = "X" * 80
    assert fold_line(line) == "X" * 75 + "\r\n " + "X" * 5
    # "あ" is 3 octets: 25 fit in 75 octets, a continuation holds 24 (74 octets after the space).
    assert fold_line("あ" * 50) == "あ" * 25 + "\r\n " + "あ" * 24 + "\r\n " + "あ"


def test_uid_is_stable_per_shipment_and_kind():
    first, again = _property(_delivery(), "UID"), _property(_delivery(now=datetime.now(UTC)), "UID")
    other = _property(_delivery(key="gid://shopify/Fulfillment/1002"), "UID")
    pickup = _property(_pickup(), "UID")
    assert first == again
    assert len({first, other, pickup}) == 3


def test_pickup_is_a_timed_event_at_the_location_in_utc():
    text = _pickup(location="Shibuya store, 1-2-3 Jinnan; Tokyo")
    # 10:00 to 18:00 in Tokyo (UTC+9) is 01:00 to 09:00 UTC.
    assert _property(text, "DTSTART") == "20260608T010000Z"
    assert _property(text, "DTEND") == "20260608T090000Z"
    assert _property(text, "LOCATION") == "Shibuya store\\, 1-2-3 Jinnan\\; Tokyo"
    assert "TRANSP" not in text


def test_pickup_over_days_is_all_day():
    text = _pickup(start=date(2026, 6, 8), end=date(2026, 6, 14))
    assert "DTSTART;VALUE=DATE:20260608\r\n" in text
    assert "DTEND;VALUE=DATE:20260615\r\n" in text


def test_a_url_with_control_characters_is_left_out():
    assert "URL:" not in _delivery(url="https://example.com/\r\nATTENDEE:x")


@pytest.mark.parametrize("call", [
    lambda: _delivery(earliest=date(2026, 6, 9), latest=date(2026, 6, 8)),
    lambda: _pickup(start=datetime(2026, 6, 8, 10), end=datetime(2026, 6, 8, 18)),
    lambda: _pickup(end=datetime(2026, 6, 8, 9, tzinfo=ZoneInfo("Asia/Tokyo"))),
    lambda: _pickup(start=date(2026, 6, 8)),
])
def test_impossible_spans_are_refused(call):
    with pytest.raises(ValueError):
        call()
