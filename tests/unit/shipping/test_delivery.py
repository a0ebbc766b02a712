"""Delivery estimates: which date wins, business days, holidays of JP/NO/ES, late parcels."""

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.model import DeliveryEstimate
from portal.shipping.business_days import add_business_days
from portal.shipping.delivery import TransitTimes, estimate_delivery, not_before

TABLE = TransitTimes(handling_days=1, carriers={
    "default": {"default": (3, 10), "JP": (2, 4)},
    "yamato": {"JP": (1, 2), "default": (3, 8)},
    "posten_bring": {"NO": (1, 3)},
    "correos": {"ES": (2, 4)},
})


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def _estimate(**facts) -> DeliveryEstimate | None:
    facts.setdefault("today", date(2026, 1, 1))
    return estimate_delivery(transit=TABLE, **facts)


WINDOWS = [
    # Shipped Friday 5 June 2026; Bring NO 1-3 days: Monday 8 to Wednesday 10.
    pytest.param("posten_bring", "NO", _at(2026, 6, 5), date(2026, 6, 8), date(2026, 6, 10),
                 id="weekend skipped"),
    # Handed over Saturday 6 June: the first business day is Monday 8, so 1-3 days: 9 to 11.
    pytest.param("posten_bring", "NO", _at(2026, 6, 6), date(2026, 6, 9), date(2026, 6, 11),
                 id="weekend shipment counts from Monday"),
    # Yamato delivers every day: shipped Friday 5 June, 1-2 days are Saturday 6 and Sunday 7.
    pytest.param("yamato", "JP", _at(2026, 6, 5), date(2026, 6, 6), date(2026, 6, 7),
                 id="Yamato delivers at weekends"),
    # Shipped Thursday 30 April 2026 with a carrier that keeps office days (default JP 2-4).
    # Friday 1 May is day 1; 2-3 May weekend; 4 (Greenery Day), 5 (Children's Day), 6
    # (substitute for Constitution Day on Sunday 3) off; days 2-4 are 7, 8 and 11 May.
    pytest.param("speedy", "JP", _at(2026, 4, 30), date(2026, 5, 7), date(2026, 5, 11),
                 id="Japanese Golden Week"),
    # Yamato through Golden Week: 1-2 days after Thursday 30 April are 1 and 2 May.
    pytest.param("yamato", "JP", _at(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2),
                 id="Yamato through Golden Week"),
    # Shipped Wednesday 1 April 2026. Maundy Thursday 2, Good Friday 3, weekend, Easter Monday 6
    # are all off; Bring NO 1-3 days: Tuesday 7 to Thursday 9 April.
    pytest.param("posten_bring", "NO", _at(2026, 4, 1), date(2026, 4, 7), date(2026, 4, 9),
                 id="Norwegian Easter"),
    # Shipped Friday 9 October 2026; Monday 12 is the Fiesta Nacional. Correos ES 2-4 days:
    # 13 (1), 14 (2), 15 (3), 16 (4).
    pytest.param("correos", "ES", _at(2026, 10, 9), date(2026, 10, 14), date(2026, 10, 16),
                 id="Spanish national day"),
    # Shipped Wednesday 30 December 2026: 31 (1); 1 January holiday; weekend; 4 (2), 5 (3);
    # 6 January (Epiphany) holiday; 7 (4).
    pytest.param("correos", "ES", _at(2026, 12, 30), date(2027, 1, 4), date(2027, 1, 7),
                 id="Spanish New Year and Epiphany"),
    # Shipped Thursday 31 December 2026: Yamato delivers over New Year, on 1 and 2 January.
    pytest.param("yamato", "JP", _at(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2),
                 id="Yamato over New Year"),
    # Unknown carrier, default row JP 2-4: shipped Monday 1 June 2026 -> 3 to 5 June.
    pytest.param("speedy", "JP", _at(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 5),
                 id="unknown carrier, default row for the country"),
    # Unknown carrier, default row elsewhere 3-10: 2, 3, 4 (3) ... 5, 8, 9, 10, 11, 12, 15 (10).
    pytest.param("speedy", "SE", _at(2026, 6, 1), date(2026, 6, 4), date(2026, 6, 15),
                 id="unknown carrier, overall default"),
]


@pytest.mark.parametrize(("carrier", "country", "shipped", "earliest", "latest"), WINDOWS)
def test_business_day_window_after_shipping(carrier, country, shipped, earliest, latest):
    estimate = _estimate(shipped_at=shipped, carrier_key=carrier, country=country)
    assert estimate == DeliveryEstimate(earliest, latest, "portal_estimate", False)


def test_japanese_year_end_cut_over():
    # Monday 28 December 2026 + 5: 29, 30, 31; 1 January 2027 (Friday) holiday; weekend; 4, 5.
    assert add_business_days(date(2026, 12, 28), 5, "JP") == date(2027, 1, 5)


def test_an_unknown_country_skips_only_weekends():
    # Friday 1 January 2027 is a holiday almost everywhere, but "XX" has no calendar.
    assert add_business_days(date(2026, 12, 31), 1, "XX") == date(2027, 1, 1)
    assert add_business_days(date(2026, 12, 31), 1, None) == date(2027, 1, 1)
    assert add_business_days(date(2026, 12, 31), 1, "") == date(2027, 1, 1)


def test_before_shipping_handling_days_come_first():
    # Processed Monday 1 June 2026; 1 handling day: handed over Tuesday 2; Yamato JP 1-2: 3 and 4.
    estimate = _estimate(processed_at=_at(2026, 6, 1), carrier_key="yamato", country="JP")
    assert (estimate.earliest, estimate.latest) == (date(2026, 6, 3), date(2026, 6, 4))


def test_shipping_day_is_taken_in_the_destinations_timezone():
    # 23:30 UTC on Friday 5 June is Saturday 08:30 in Tokyo, so Yamato's 1-2 days are 7 and 8.
    shipped = datetime(2026, 6, 5, 23, 30, tzinfo=UTC)
    estimate = _estimate(shipped_at=shipped, carrier_key="yamato", country="JP",
                         tz=ZoneInfo("Asia/Tokyo"))
    assert (estimate.earliest, estimate.latest) == (date(2026, 6, 7), date(2026, 6, 8))


def test_a_late_parcel_keeps_its_dates():
    # Window 8-10 June 2026; on the 12th it is running late, with the same dates.
    late = _estimate(shipped_at=_at(2026, 6, 5), carrier_key="posten_bring", country="NO",
                     today=date(2026, 6, 12))
    assert late == DeliveryEstimate(date(2026, 6, 8), date(2026, 6, 10), "portal_estimate", True)


def test_the_last_day_of_the_window_is_not_late_yet():
    on_time = _estimate(shipped_at=_at(2026, 6, 5), carrier_key="posten_bring", country="NO",
                        today=date(2026, 6, 10))
    assert on_time.is_late is False


def test_shopifys_date_wins():
    estimate = _estimate(shopify_estimate=_at(2026, 6, 20), promise_min=_at(2026, 6, 10),
                         promise_max=_at(2026, 6, 12), shipped_at=_at(2026, 6, 5),
                         carrier_key="yamato", country="JP", today=date(2026, 6, 21))
    assert estimate == DeliveryEstimate(date(2026, 6, 20), date(2026, 6, 20), "shopify", True)


def test_the_checkout_promise_wins_over_our_estimate():
    estimate = _estimate(promise_min=_at(2026, 6, 10), promise_max=_at(2026, 6, 12),
                         shipped_at=_at(2026, 6, 5), carrier_key="yamato", country="JP")
    assert estimate == DeliveryEstimate(date(2026, 6, 10), date(2026, 6, 12), "checkout_promise",
                                        False)


def test_a_promise_with_one_end_is_one_day():
    estimate = _estimate(promise_max=_at(2026, 6, 12))
    assert (estimate.earliest, estimate.latest) == (date(2026, 6, 12), date(2026, 6, 12))


@pytest.mark.parametrize("facts", [
    {"shopify_estimate": _at(2026, 6, 20)},
    {"promise_min": _at(2026, 6, 10), "promise_max": _at(2026, 6, 12)},
    {"shipped_at": _at(2026, 6, 5), "carrier_key": "yamato", "country": "JP"},
])
def test_hidden_once_delivered(facts):
    assert _estimate(delivered=True, **facts) is None


def test_nothing_to_go_on_gives_no_estimate():
    assert _estimate(carrier_key="yamato", country="JP") is None


def test_shipped_defaults_are_sensible():
    table = TransitTimes.load()
    assert table.handling_days == 1
    assert table.transit_days("yamato", "JP") == (1, 2)
    assert table.transit_days("posten_bring", "NO") == (1, 3)
    assert table.transit_days("correos", "ES") == (2, 4)
    assert table.transit_days("correos", "jp") == (4, 10)
    assert table.transit_days(None, None) == (3, 10)


def test_an_override_file_is_merged_over_the_defaults(tmp_path):
    override = tmp_path / "transit.json"
    override.write_text(json.dumps({"handling_days": 2, "carriers": {
        "yamato": {"JP": [2, 3]}, "shop_courier": {"default": [1, 1]}}}), encoding="utf-8")
    table = TransitTimes.load(override)
    assert table.handling_days == 2
    assert table.transit_days("yamato", "JP") == (2, 3)
    assert table.transit_days("yamato", "US") == (3, 8)
    assert table.transit_days("shop_courier", "NO") == (1, 1)
    assert table.transit_days("correos", "ES") == (2, 4)


@pytest.mark.parametrize("bad", [
    {"carriers": {"yamato": {"JP": [3, 2]}}},
    {"carriers": {"yamato": {"JP": [1]}}},
    {"carriers": {"yamato": {"jp": [1, 2]}}},
    {"handling_days": -1},
])
def test_a_malformed_override_is_refused(tmp_path, bad):
    override = tmp_path / "transit.json"
    override.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError):
        TransitTimes.load(override)


def test_a_requested_date_is_the_earliest_day_an_estimate_shows():
    window = DeliveryEstimate(date(2026, 12, 2), date(2026, 12, 4), "portal_estimate", False)
    assert not_before(window, date(2026, 12, 3), date(2026, 12, 1)) == \
        DeliveryEstimate(date(2026, 12, 3), date(2026, 12, 4), "portal_estimate", False)
    assert not_before(window, date(2026, 12, 10), date(2026, 12, 1)) == \
        DeliveryEstimate(date(2026, 12, 10), date(2026, 12, 10), "portal_estimate", False)
    assert not_before(window, date(2026, 11, 30), date(2026, 12, 1)) == window
    assert not_before(window, None, date(2026, 12, 1)) == window
