"""Real orders rendered for shoppers in Japan, Norway and Spain, from a store in Oslo: times in
the shopper's zone, addresses by their country's rules, tax as included, pickups, cancellations,
missed deliveries per carrier, requested delivery dates, and the language kept on every link."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from werkzeug.test import Client

from portal.demo.__main__ import TRY_THESE
from portal.demo.builder import Event, Item, Shipment, build_order
from tests.support.helpers import open_order, submit
from tests.support.shopify_proxy import ShopifyAppProxy

EMAIL = "saki.ono@example.com"
# 23:19 UTC on 27 November 2026: 00:19 on the 28th in Oslo and Madrid, 08:19 in Tokyo.
NOW = datetime(2026, 11, 28, 1, 19, tzinfo=UTC)
SCANNED = datetime(2026, 11, 27, 23, 19, tzinfo=UTC)


def text_of(html: str) -> str:
    body = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    return re.sub(r"\s+", " ", unescape(body))


def page(client, number: str, email: str, lang: str) -> str:
    return open_order(client, number, email, path=f"/?lang={lang}").get_data(as_text=True)


def add(shopify, number: int, **order) -> str:
    built = build_order(number, EMAIL, now=NOW, **order)
    shopify.store.add(built)
    return str(number)


def scanned(currency: str) -> dict:
    return {"currency": currency, "processed_days_ago": 1, "items": [Item("Tea", "1000")],
            "shipments": [Shipment("IN_TRANSIT", [("Bring", "70722150393571047")], days_ago=0.5,
                                   events=[Event("IN_TRANSIT", 2, "Scan", "Hamar", "NO")])]}


@pytest.mark.parametrize(("lang", "currency", "shown"), [
    ("ja", "JPY", "2026/11/28 8:19"),
    ("nb", "NOK", "28. nov. 2026, 00:19"),
    ("es", "EUR", "28 nov 2026, 0:19"),
])
def test_carrier_events_are_in_the_shoppers_zone_and_keep_the_instant(client, shopify, lang,
                                                                      currency, shown):
    html = page(client, add(shopify, 7201, **scanned(currency)), EMAIL, lang)
    assert shown in text_of(html)
    assert f'<time datetime="{SCANNED.isoformat()}">' in html
    assert "Times are shown in" not in html


def test_without_a_known_zone_the_stores_zone_is_named(client, shopify):
    order = build_order(7202, EMAIL, now=NOW, **scanned("USD"))
    order["shippingAddress"] = {**order["shippingAddress"], "timeZone": None}
    shopify.store.add(order)
    text = text_of(page(client, "7202", EMAIL, "ja"))
    assert "2026/11/28 0:19" in text and "時刻はノルウェー時間で表示しています。" in text


@pytest.mark.parametrize(("lang", "number", "email", "lines"), [
    ("ja", "1002", "hanako.yamada@example.com", ["〒150-0001", "東京都", "渋谷区神宮…", "山田 花子 様"]),
    ("nb", "1004", "ingrid.nordmann@example.com", ["Ingrid Nordmann", "Eksempel…", "0150 Oslo"]),
    ("es", "1006", "lucia.garcia@example.com", ["Lucia Garcia", "Calle Eje…", "28001 Madrid"]),
])
def test_addresses_follow_the_countrys_rules(client, lang, number, email, lines):
    html = page(client, number, email, lang)
    address = re.search(r'<p class="address">(.*?)</p>', html, re.S).group(1)
    assert [line.strip() for line in address.split("<br>")][:len(lines)] == lines


@pytest.mark.parametrize(("lang", "currency", "included", "added"), [
    ("ja", "JPY", "うち消費税", None),
    ("nb", "NOK", "Herav mva.", None),
    ("es", "EUR", "IVA incluido", None),
    ("en", "USD", None, "Tax"),
])
def test_tax_the_prices_hold_is_never_added_to_the_total(client, shopify, lang, currency,
                                                        included, added):
    html = page(client, add(shopify, 7203, currency=currency), EMAIL, lang)
    totals = html.split('class="totals"', 1)[1].split("</dl>", 1)[0]
    before, after = totals.split('class="grand-total"', 1)
    if included:
        assert included in after and "<dt>" + included not in before
    else:
        assert f"<dt>{added}</dt>" in before


def test_duties_paid_at_checkout_are_shown_as_included(client):
    html = page(client, "1037", "freya.holm@example.com", "nb")
    after_total = html.split('class="grand-total"', 1)[1].split("</dl>", 1)[0]
    assert "Herav toll" in after_total and "Herav mva." in after_total


@pytest.mark.parametrize("lang", ["ja", "nb", "es", "en"])
def test_pickups_speak_of_collecting_never_of_delivery(client, lang):
    forbidden = {"ja": ["配達完了", "発送済み"], "nb": ["Levert", "er sendt"],
                 "es": ["Entregado", "enviado"], "en": ["Delivered", "been sent"]}[lang]
    for number, email in (("1019", "kari.hansen@example.com"), ("1020", "nils.lie@example.com")):
        text = text_of(page(client, number, email, lang))
        assert not [word for word in forbidden if word in text], (number, text)
    assert "Klar til henting" in text_of(page(client, "1020", "nils.lie@example.com", "nb"))
    assert "Hentet" in text_of(page(client, "1019", "kari.hansen@example.com", "nb"))


def test_a_cancelled_order_makes_no_promise(client):
    text = text_of(page(client, "1015", "ava.clark@example.com", "es"))
    assert "La tienda no enviará este pedido." in text
    assert "aún no se ha enviado" not in text


@pytest.mark.parametrize(("number", "email", "lang", "advice"), [
    ("1030", "daichi.mori@example.com", "ja", "保管期間は7日間"),
    ("1031", "sakura.kimura@example.com", "ja", "再配達をお申し込みください"),
    ("1038", "haruto.kato@example.com", "ja", "再配達をお申し込みください"),
    ("1039", "nora.vik@example.com", "nb", "Den oppbevares i 7 dager"),
    ("1040", "pau.ferrer@example.com", "es", "punto de recogida"),
    ("1032", "erik.dahl@example.com", "nb", "hentekoden"),
    ("1033", "sofie.lund@example.com", "nb", "hentested"),
    ("1034", "diego.navarro@example.com", "es", "tu documento de identidad (DNI, NIE o pasaporte)"),
    ("1035", "ana.serrano@example.com", "es", "aviso"),
    ("1006", "lucia.garcia@example.com", "es", "tu documento de identidad (DNI, NIE o pasaporte)"),
])
def test_a_missed_delivery_says_what_that_carrier_does(client, number, email, lang, advice):
    html = page(client, number, email, lang)
    text = text_of(html)
    assert advice in text
    assert "volverá a intentar" not in text and "prøver vanligvis igjen" not in text


def test_a_requested_delivery_is_shown_and_no_estimate_comes_before_it(client, shopify):
    number = add(shopify, 7204, currency="JPY", fulfillment="UNFULFILLED", processed_days_ago=0.2,
                 attributes=[("配送希望日", "2026/12/10"), ("配送希望時間", "14時～16時"),
                             ("置き配", "希望する")])
    text = text_of(page(client, number, EMAIL, "ja"))
    assert "お届け希望日・時間帯" in text and "14時～16時" in text and "置き配" in text
    assert "12月10日(木)" in text
    assert not re.search(r"12月[1-9]日", text.split("お届け希望日・時間帯")[0])


def test_the_chosen_language_reaches_calendar_files_and_the_status_page(client):
    found = submit(client, "1003", "kenji.sato@example.com", path="/?lang=ja")
    assert "lang=ja" in found.headers["Location"]
    html = client.get(found.headers["Location"]).get_data(as_text=True)
    calendar = re.search(r'href="(/order/[^"]+\.ics\?lang=ja)"', html)
    assert calendar, "the calendar link drops the language"
    body = client.get(calendar.group(1), headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "SUMMARY:" in body and "Delivery of order" not in body
    assert re.search(r'href="/order/[^"]+/status-page\?lang=ja"', html)


def test_the_language_stays_on_error_pages_and_through_the_app_proxy(app, settings):
    assert 'href="/?lang=nb"' in app.test_client().get("/nope?lang=nb").get_data(as_text=True)
    proxy = ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"], prefix="/apps/track")
    html = Client(proxy).get("/apps/track/?lang=ja").get_data(as_text=True)
    assert '<html lang="ja">' in html or 'lang="ja"' in html
    assert re.search(r'action="/apps/track/\?lang=ja', html)


@pytest.mark.parametrize(("number", "email", "what"), TRY_THESE)
def test_every_demo_order_make_demo_lists_opens(client, number, email, what):
    assert what and open_order(client, number.lstrip("#"), email).status_code == 200


def test_a_parcel_sent_to_a_pickup_point_names_the_point_not_a_delivery_address(client):
    html = page(client, "1004", "ingrid.nordmann@example.com", "nb")
    assert '<h2 id="address-title">Hentested</h2>' in html
    html = page(client, "1001", "alice.martin@example.com", "nb")
    assert '<h2 id="address-title">Leveringsadresse</h2>' in html


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("es", "1 unidad cancelada o reembolsada", "2 unidades canceladas o reembolsadas"),
    ("nb", "1 kansellert eller refundert", "2 kansellert eller refundert"),
    ("ja", "1点はキャンセルまたは返金済み", "2点はキャンセルまたは返金済み"),
])
def test_removed_units_use_each_languages_plural(client, shopify, lang, one, two):
    number = add(shopify, 7205, items=[Item("Tea", "10", 3, refunded=1),
                                       Item("Mug", "12", 4, refunded=2)])
    text = text_of(page(client, number, EMAIL, lang))
    assert one in text and two in text


def test_the_redelivery_button_opens_the_carriers_page_for_that_parcel(client):
    html = page(client, "1030", "daichi.mori@example.com", "ja")
    assert re.search(r'href="https://jizen\.kuronekoyamato\.co\.jp/[^"]*id=432187650930"[^>]*>'
                     r'再配達を申し込む</a>', html)


@pytest.mark.parametrize(("lang", "delayed"), [("ja", "配達遅延"), ("nb", "Forsinket"),
                                               ("es", "Retrasado"), ("en", "Delayed")])
def test_a_carriers_delayed_event_makes_the_order_delayed(client, shopify, lang, delayed):
    number = add(shopify, 7206, currency="NOK", shipments=[Shipment(
        "IN_TRANSIT", [("Bring", "70722150393571047")],
        events=[Event("IN_TRANSIT", 30, "Under transport"), Event("DELAYED", 2, "Forsinket")])])
    html = page(client, number, EMAIL, lang)
    assert re.search(r'<p class="headline">(.*?)</p>', html).group(1) == delayed
