"""Delivery times learned from known deliveries: percentiles, business days across holidays,
the region -> country -> table fallback, the minimum count, and the order of trust."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from portal.shipping.business_days import add_business_days
from portal.shipping.delivery import TransitTimes, estimate_delivery
from portal.shipping.learned import (
    ANY_CARRIER,
    Area,
    Parcel,
    business_days_between,
    find,
    history_basis,
    learn,
    percentile,
)

LEARNED_AT = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 2)
IWATE = Area("JP", province="JP-03")
TOKYO = Area("JP", province="JP-13")


def parcel(transit: int, area: Area = IWATE, carrier: str | None = "yamato", handling: int = 1,
           processed: date = MONDAY) -> Parcel:
    """A parcel that took exactly `handling` and `transit` business days in its country."""
    sent = add_business_days(processed, handling, area.country)
    delivered = add_business_days(sent, transit, area.country)
    return Parcel(carrier, area, processed, sent, sent, delivered)


def test_percentiles_are_nearest_rank_days():
    days = Counter([1, 1, 2, 2, 2, 3, 3, 4, 5, 9])
    assert [percentile(days, share) for share in (20, 50, 80, 100)] == [1, 2, 4, 9]
    assert percentile(Counter({3: 1}), 20) == 3
    with pytest.raises(ValueError):
        percentile(Counter(), 50)


@pytest.mark.parametrize(("country", "start", "end", "days"), [
    ("JP", date(2026, 12, 30), date(2027, 1, 5), 3),   # New Year's Day and a weekend between
    ("JP", date(2026, 5, 1), date(2026, 5, 7), 1),     # Golden Week: 4, 5 and 6 May are holidays
    ("NO", date(2026, 5, 22), date(2026, 5, 26), 1),   # Whit Monday, 25 May
    ("NO", date(2026, 5, 13), date(2026, 5, 18), 2),   # Ascension Day, 14 May
    ("NO", date(2026, 4, 1), date(2026, 4, 7), 1),     # Maundy Thursday to Easter Monday
    ("ES", date(2026, 1, 5), date(2026, 1, 7), 1),     # Epiphany, 6 January
    ("ES", date(2026, 11, 6), date(2026, 11, 6), 0),   # delivered the day it was sent
    ("ES", date(2026, 11, 6), date(2026, 11, 8), 0),   # a weekend delivery counts as Friday
])
def test_business_days_skip_weekends_and_the_destinations_holidays(country, start, end, days):
    assert business_days_between(start, end, country) == days


def test_business_days_between_undoes_add_business_days():
    for country in ("JP", "NO", "ES"):
        for offset in range(0, 400, 3):
            start = date(2026, 1, 1) + timedelta(days=offset)
            for days in range(6):
                end = add_business_days(start, days, country)
                assert business_days_between(start, end, country) == days, (country, start)


def test_areas_are_provinces_else_postcode_prefixes_else_countries():
    assert Area.of("jp", "JP-03", "020-0021") == IWATE
    assert Area.of("NO", None, "5003").key == "postcode:50"
    assert Area.of("NO", None, "0150").widen() == Area("NO")
    assert Area.of("NO", "", "1").key == ""
    assert Area.of(None, "JP-03", "020-0021") is None


def test_figures_per_carrier_and_area_keep_percentiles_and_counts():
    parcels = ([parcel(days) for days in (1, 1, 1, 2, 2, 2, 2, 3, 3, 5)]
               + [parcel(1, TOKYO, handling=0) for _ in range(5)])
    learned = learn(parcels, LEARNED_AT, 180)
    by_key = {(f.carrier, f.country, f.region): f for f in learned.figures}
    iwate = by_key[("yamato", "JP", "JP-03")]
    assert (iwate.count, iwate.transit, iwate.handling) == (10, (1, 2, 3), (1, 1, 1))
    assert by_key[("yamato", "JP", "")].count == 15
    assert by_key[(ANY_CARRIER, "JP", "JP-13")].handling == (0, 0, 0)
    assert learned.figures[0].count == 15, "most parcels first"


def test_an_unknown_carrier_counts_only_towards_any_carrier():
    learned = learn([parcel(2, carrier=None)], LEARNED_AT, 30)
    assert {f.carrier for f in learned.figures} == {ANY_CARRIER}


def test_too_few_parcels_to_a_region_fall_back_to_the_country_then_to_the_table():
    parcels = [parcel(3) for _ in range(12)] + [parcel(1, TOKYO) for _ in range(12)]
    learned = learn(parcels, LEARNED_AT, 180)
    assert find(learned, "yamato", IWATE, 10)[0].region == "JP-03"
    figures, where = find(learned, "yamato", IWATE, 20)
    assert (figures.region, figures.count, where) == ("", 24, Area("JP"))
    assert find(learned, "yamato", IWATE, 25) is None
    assert find(learned, "sagawa", IWATE, 1) is None
    assert find(learned, "yamato", Area("NO", postcode="50"), 1) is None


def test_the_basis_says_what_the_window_rests_on():
    learned = learn([parcel(days, handling=2) for days in (1, 2, 2, 3)], LEARNED_AT, 90)
    sent = history_basis(learned, "yamato", IWATE, "Iwate", 4, sent=True)
    assert (sent.carrier_key, sent.region_kind, sent.region, sent.parcels, sent.period_days,
            sent.fewest, sent.most, sent.from_payment) == \
        ("yamato", "province", "Iwate", 4, 90, 1, 3, False)
    waiting = history_basis(learned, "ups", IWATE, "Iwate", 4, sent=False)
    assert (waiting.carrier_key, waiting.fewest, waiting.most, waiting.from_payment) == \
        (None, 3, 5, True)
    assert history_basis(learned, "yamato", IWATE, "Iwate", 5, sent=True) is None
    assert history_basis(None, "yamato", IWATE, "Iwate", 1, sent=True) is None


def test_a_postcode_region_and_a_whole_country_are_named_as_such():
    oslo, bergen = Area("NO", postcode="01"), Area("NO", postcode="50")
    learned = learn([parcel(1, oslo, "posten_bring")] * 3 + [parcel(2, bergen, "posten_bring")],
                    LEARNED_AT, 180)
    by_postcode = history_basis(learned, "posten_bring", oslo, None, 3, sent=True)
    assert (by_postcode.region_kind, by_postcode.region) == ("postcode", "01")
    by_country = history_basis(learned, "posten_bring", bergen, None, 3, sent=True)
    assert (by_country.region_kind, by_country.region, by_country.parcels) == ("country", "NO", 4)


# --- the order of trust ------------------------------------------------------------------------

TABLE = TransitTimes.load()
SENT = datetime(2026, 11, 2, 9, tzinfo=UTC)  # a Monday
BASIS = history_basis(learn([parcel(days) for days in (1, 2, 2, 4)], LEARNED_AT, 180),
                      "yamato", IWATE, "Iwate", 1, sent=True)


def window(today=date(2026, 11, 2), **sources):
    return estimate_delivery(today=today, transit=TABLE, shipped_at=SENT, carrier_key="yamato",
                             country="JP", **sources)


def test_history_comes_after_shopify_and_the_promise_and_before_the_table():
    promise = datetime(2026, 11, 10, tzinfo=UTC)
    assert window(history=BASIS, shopify_estimate=promise).source == "shopify"
    assert window(history=BASIS, promise_max=promise).source == "checkout_promise"
    learned = window(history=BASIS)
    # One to four business days after Monday 2 November; the 3rd is Culture Day in Japan.
    assert (learned.source, learned.earliest, learned.latest, learned.basis) == \
        ("store_history", date(2026, 11, 4), date(2026, 11, 9), BASIS)
    assert window().source == "portal_estimate" and window().basis is None


def test_the_history_window_counts_the_destinations_business_days():
    # Sent on Friday 30 April 2027, before Golden Week: 3 May to 5 May are holidays in Japan.
    sent = datetime(2027, 4, 30, 9, tzinfo=UTC)
    learned = estimate_delivery(today=date(2027, 4, 30), transit=TABLE, shipped_at=sent,
                                country="JP", history=BASIS)
    assert (learned.earliest, learned.latest) == (date(2027, 5, 6), date(2027, 5, 11))


def test_past_the_late_end_the_window_stays_and_is_late():
    assert not window(today=date(2026, 11, 9), history=BASIS).is_late
    late = window(today=date(2026, 11, 10), history=BASIS)
    assert late.is_late and late.latest == date(2026, 11, 9) and late.source == "store_history"
