"""The order page with learned delivery times: the window, what it rests on in each language,
"later than usual" past its end, and the order of trust."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import redis

from portal.demo.builder import Shipment, build_order
from portal.model import Figures, Learned
from portal.shipping.business_days import add_business_days
from portal.store.learned import LearnedFigures
from tests.support.helpers import open_order

EMAIL = "sora.kikuchi@example.com"
# The orders go to Iwate: days are counted in the destination's zone, whatever the shop's is.
DESTINATION_TZ = ZoneInfo("Asia/Tokyo")
YAMATO_IWATE = Figures("yamato", "JP", "JP-03", 412, (0, 1, 1), (1, 1, 2))
ANY_IWATE = Figures("*", "JP", "JP-03", 450, (0, 1, 2), (1, 1, 2))
BRING_NORWAY = Figures("posten_bring", "NO", "", 96, (1, 1, 2), (1, 2, 3))
BRING_BERGEN = Figures("posten_bring", "NO", "postcode:50", 7, (1, 1, 1), (3, 4, 5))

BASIS = {
    "en": "Usually 1–2 business days: 412 Yamato Transport parcels to Iwate, last 180 days",
    "ja": "通常1～2営業日：過去180日間に届けた岩手県宛てのヤマト運輸の荷物412個の実績",
    "nb": "Vanligvis 1–2 virkedager: 412 pakker med Yamato Transport til Iwate, siste 180 dager",
    "es": "Normalmente 1–2 días hábiles: 412 paquetes de Yamato Transport a Iwate, "
          "últimos 180 días",
}
LATE = {
    "en": "Later than usual for this carrier and region",
    "ja": "この配送業者・地域としては通常より遅れています",
    "nb": "Senere enn vanlig for denne transportøren og dette området",
    "es": "Más tarde de lo habitual para este transportista y esta zona",
}
NOT_SENT = {
    "en": "Usually 1–4 business days from payment to delivery: 450 parcels to Iwate, "
          "last 180 days",
    "ja": "お支払いからお届けまで通常1～4営業日：過去180日間に届けた岩手県宛ての荷物450個の実績",
    "nb": "Vanligvis 1–4 virkedager fra betaling til levering: 450 pakker til Iwate, "
          "siste 180 dager",
    "es": "Normalmente 1–4 días hábiles desde el pago hasta la entrega: 450 paquetes a Iwate, "
          "últimos 180 días",
}
COUNTRY = {
    "en": "Usually 1–3 business days: 96 Posten/Bring parcels to Norway, last 180 days",
    "nb": "Vanligvis 1–3 virkedager: 96 pakker med Posten/Bring til Norge, siste 180 dager",
}


@pytest.fixture
def learned(redis_url):
    """Store known figures as `learn-deliveries` would."""
    def save(*figures: Figures) -> None:
        learned = Learned(datetime.now(UTC), 180, figures)
        LearnedFigures(redis.Redis.from_url(redis_url)).save(learned)
    return save


def add_order(shopify, number: int, *, country: str = "JP", province=("Iwate", "JP-03"),
              postcode: str = "020-0021", **options) -> dict:
    order = build_order(number, EMAIL, country=country,
                        currency={"JP": "JPY", "NO": "NOK"}[country], **options)
    name, code = province
    order["shippingAddress"] = {**order["shippingAddress"], "province": name,
                                "provinceCode": code, "zip": postcode}
    shopify.store.add(order)
    return order


def yamato(days_ago: float, **options) -> Shipment:
    return Shipment("IN_TRANSIT", [("Yamato (JA)", "4321-8765-0912")], days_ago=days_ago,
                    **options)


def page_text(make_app, number: int, lang: str) -> str:
    client = make_app(NOT_FOUND_MIN_MS=0).test_client()
    html = open_order(client, str(number), EMAIL, path=f"/?lang={lang}").get_data(as_text=True)
    return html


def shown(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def in_transit_day(order: dict):
    moment = datetime.fromisoformat(order["fulfillments"][0]["inTransitAt"].replace("Z", "+00:00"))
    return moment.astimezone(DESTINATION_TZ).date()


@pytest.mark.parametrize("lang", ["en", "ja", "nb", "es"])
def test_a_parcel_on_its_way_shows_the_learned_window_and_its_basis(make_app, shopify, learned,
                                                                     lang):
    learned(YAMATO_IWATE, ANY_IWATE)
    order = add_order(shopify, 6001, shipments=[yamato(1)])
    html = page_text(make_app, 6001, lang)
    assert BASIS[lang] in shown(html)
    sent = in_transit_day(order)
    for days in (1, 2):
        assert f'datetime="{add_business_days(sent, days, "JP").isoformat()}"' in html


@pytest.mark.parametrize("lang", ["en", "ja", "nb", "es"])
def test_past_the_late_end_it_is_later_than_usual_not_a_new_date(make_app, shopify, learned,
                                                                  lang):
    learned(YAMATO_IWATE)
    order = add_order(shopify, 6002, shipments=[yamato(20)])
    html = page_text(make_app, 6002, lang)
    assert LATE[lang] in shown(html) and BASIS[lang] in shown(html)
    late_end = add_business_days(in_transit_day(order), 2, "JP")
    assert f'datetime="{late_end.isoformat()}"' in html


@pytest.mark.parametrize("lang", ["en", "ja", "nb", "es"])
def test_an_order_not_sent_yet_adds_the_stores_handling_time(make_app, shopify, learned, lang):
    learned(ANY_IWATE)
    order = add_order(shopify, 6003, fulfillment="UNFULFILLED", processed_days_ago=0.1)
    html = page_text(make_app, 6003, lang)
    assert NOT_SENT[lang] in shown(html)
    paid = datetime.fromisoformat(order["processedAt"].replace("Z", "+00:00"))
    latest = add_business_days(paid.astimezone(DESTINATION_TZ).date(), 2 + 2, "JP")
    assert f'datetime="{latest.isoformat()}"' in html


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_region_with_too_few_parcels_rests_on_the_whole_country(make_app, shopify, learned,
                                                                   lang):
    learned(BRING_BERGEN, BRING_NORWAY)
    add_order(shopify, 6004, country="NO", province=(None, None), postcode="5003", shipments=[
        Shipment("IN_TRANSIT", [("Bring", "70722150393571047")], days_ago=1)])
    assert COUNTRY[lang] in shown(page_text(make_app, 6004, lang))


def test_without_enough_history_the_carrier_table_is_used(make_app, shopify, learned):
    learned(YAMATO_IWATE)
    add_order(shopify, 6005, shipments=[yamato(1)])
    few = make_app(NOT_FOUND_MIN_MS=0, DELIVERY_HISTORY_MIN_PARCELS=500).test_client()
    html = open_order(few, "6005", EMAIL).get_data(as_text=True)
    assert "estimate from the carrier's usual delivery times" in shown(html)
    assert "parcels to" not in shown(html)


def test_shopifys_own_date_and_the_checkout_promise_come_first(make_app, shopify, learned):
    learned(YAMATO_IWATE, ANY_IWATE)
    add_order(shopify, 6006, shipments=[yamato(1, estimated_in_days=3)])
    add_order(shopify, 6007, shipments=[yamato(1)], fulfillment="PARTIALLY_FULFILLED",
              promise=(2, 4))
    assert "date from the carrier" in shown(page_text(make_app, 6006, "en"))
    promised = shown(page_text(make_app, 6007, "en"))
    assert "as promised at checkout" in promised and "parcels to" not in promised


def test_the_calendar_event_says_where_a_learned_window_comes_from(make_app, shopify, learned):
    learned(YAMATO_IWATE)
    add_order(shopify, 6008, shipments=[yamato(1)])
    client = make_app(NOT_FOUND_MIN_MS=0).test_client()
    page = open_order(client, "6008", EMAIL).get_data(as_text=True)
    link = re.search(r'href="([^"]+\.ics[^"]*)"|href="(/order/[^"]+/calendar[^"]*)"', page)
    assert link, "the page offers the window as a calendar event"
    event = client.get(unescape(link.group(1) or link.group(2))).get_data(as_text=True)
    assert "this store's past deliveries" in event.replace("\\", "")
