"""Destinations' clocks and calendars: time zones, Spanish regions, Japan's year-end closure."""

from datetime import date

import pytest

from portal.shipping.business_days import delivery_days, handling_days
from portal.shipping.regions import Zone, destination_zone, subdivision, time_zone


@pytest.mark.parametrize(("address_zone", "country", "province", "zone"), [
    ("Asia/Tokyo", "NO", None, Zone("Asia/Tokyo", False)),
    (None, "JP", "JP-13", Zone("Asia/Tokyo", False)),
    (None, "NO", None, Zone("Europe/Oslo", False)),
    (None, "ES", "M", Zone("Europe/Madrid", False)),
    (None, "ES", "TF", Zone("Atlantic/Canary", False)),
    (None, "US", "OR", Zone("Europe/Oslo", True)),
    ("Not/AZone", None, None, Zone("Europe/Oslo", True)),
])
def test_the_zone_is_the_addresses_then_the_countrys_then_the_stores(address_zone, country,
                                                                      province, zone):
    assert destination_zone(address_zone, country, province, "Europe/Oslo") == zone


@pytest.mark.parametrize(("province", "community"), [
    ("M", "MD"), ("ES-B", "CT"), ("BI", "PV"), ("GC", "CN"), ("V", "VC"), ("XX", None)])
def test_spanish_provinces_map_to_their_holiday_region(province, community):
    assert subdivision("ES", province) == community


def test_other_countries_have_no_holiday_region():
    assert subdivision("NO", "03") is None


# Shipped Wednesday 1 April 2026 (Semana Santa) with Correos, 2-4 working days. Maundy Thursday
# (2 April) is a holiday in Madrid and the Basque Country, not in Catalonia; Good Friday
# everywhere; Easter Monday (6 April) in Catalonia and the Basque Country, not in Madrid.
@pytest.mark.parametrize(("region", "window"), [
    ("MD", (date(2026, 4, 7), date(2026, 4, 9))),
    ("CT", (date(2026, 4, 7), date(2026, 4, 9))),
    ("PV", (date(2026, 4, 8), date(2026, 4, 10))),
    (None, (date(2026, 4, 6), date(2026, 4, 8))),
])
def test_semana_santa_follows_the_destinations_region(region, window):
    days = delivery_days("correos", "ES", region)
    assert (days.add(date(2026, 4, 1), 2), days.add(date(2026, 4, 1), 4)) == window


def test_catalonia_works_on_maundy_thursday_and_madrid_does_not():
    assert delivery_days("correos", "ES", "CT").works_on(date(2026, 4, 2))
    assert not delivery_days("correos", "ES", "MD").works_on(date(2026, 4, 2))


def test_japanese_shops_hand_nothing_over_from_29_december_to_3_january():
    # Processed Monday 28 December 2026: one handling day lands on Monday 4 January 2027.
    assert handling_days("JP").add(date(2026, 12, 28), 1) == date(2027, 1, 4)
    # Elsewhere only the public holiday stops the count.
    assert handling_days("NO").add(date(2026, 12, 28), 1) == date(2026, 12, 29)


def test_japanese_carriers_deliver_at_weekends_and_on_holidays_at_home_only():
    yamato = delivery_days("yamato", "JP")
    assert yamato.works_on(date(2026, 5, 3)) and yamato.works_on(date(2026, 5, 5))
    assert not delivery_days("yamato", "NO").works_on(date(2026, 5, 3))
    assert not delivery_days("posten_bring", "NO").works_on(date(2026, 4, 6))  # Easter Monday


@pytest.mark.parametrize(("name", "key"), [("Asia/Tokyo", "Asia/Tokyo"), ("Europe/Oslo", "Europe/Oslo"),
                                           ("Mars/Olympus", "UTC"), ("", "UTC"), (None, "UTC"),
                                           ("../etc/passwd", "UTC")])
def test_a_named_zone_or_utc_for_one_zoneinfo_does_not_know(name, key):
    assert time_zone(name).key == key
