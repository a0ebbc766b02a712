"""Every page in English, Japanese, Bokmål and Spanish, through the real app, Redis and the fake
Shopify: how the language is chosen and kept, what the pages say, how dates and money look,
and a pseudo-locale that proves no English is left outside the catalogs."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask_babel import Domain

from portal.demo.builder import Event, Item, Shipment, build_order
from portal.model import Address, Money
from portal.web import i18n
from portal.web.addresses import address_lines
from portal.web.services import services
from tests.support.clock import FakeClock
from tests.support.helpers import open_order, submit, translatable_messages

LANGS = ("en", "ja", "nb", "es")
EMAIL = "alice.martin@example.com"
NBSP, NNBSP = "\u00a0", "\u202f"

# What each page's <h1> says, in en, ja, nb, es.
H1 = {
    "form": ("Track your order", "ご注文状況の確認", "Spor bestillingen din", "Seguimiento de tu pedido"),
    "order": ("Order #1001", "ご注文 #1001", "Bestilling #1001", "Pedido #1001"),
    "link_expired": ("This link has expired", "このリンクは有効期限が切れています",
                     "Lenken er utløpt", "Este enlace ha caducado"),
    "404": ("Page not found", "ページが見つかりません", "Fant ikke siden", "Página no encontrada"),
    "429": ("Too many attempts", "お試しの回数が上限に達しました", "For mange forsøk", "Demasiados intentos"),
    "503": ("We can't reach the store right now", "現在、ストアに接続できません",
            "Vi får ikke kontakt med butikken akkurat nå",
            "Ahora mismo no podemos conectar con la tienda"),
}
H1["form_errors"] = H1["not_found"] = H1["form"]
STATUS = {"form": 200, "form_errors": 400, "not_found": 404, "order": 200, "link_expired": 404,
          "404": 404, "429": 429, "503": 503}


def visit(page: str, make_app, shopify, query: str = ""):
    """Open one page type the way a shopper reaches it; `query` is e.g. '?lang=ja'."""
    overrides = {"RATE_LIMIT_PER_IP": "1 per minute"} if page == "429" else {}
    client = make_app(NOT_FOUND_MIN_MS=0, **overrides).test_client()
    path = "/" + query
    if page == "form":
        return client.get(path)
    if page == "form_errors":
        return submit(client, "", "not-an-email", path=path)
    if page == "not_found":
        return submit(client, "1001", "someone.else@example.com", path=path)
    if page == "order":
        return open_order(client, "1001", EMAIL, path=path)
    if page == "link_expired":
        return client.get("/order/no-such-token" + query)
    if page == "404":
        return client.get("/no/such/page" + query)
    if page == "429":
        submit(client, "4040", EMAIL, path=path)
        return submit(client, "4041", EMAIL, path=path)
    if page == "503":
        client.get(path)
        shopify.fail("unauthorized", times=None)
        return submit(client, "1001", EMAIL, path=path)
    raise ValueError(page)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "the page has no <h1>"
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", match.group(1)))).strip()


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def text_of(html: str) -> str:
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def links(html: str) -> list[str]:
    """The portal's own links a shopper can follow."""
    return [unescape(href) for href in re.findall(r'<a [^>]*href="(/[^"]*)"', html)]


def lang_of(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("lang", [])


# Each page type in each language.

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(STATUS))
def test_every_page_speaks_the_chosen_language(make_app, shopify, page, lang):
    response = visit(page, make_app, shopify, f"?lang={lang}")
    html = html_of(response)
    assert response.status_code == STATUS[page]
    assert html_lang(html) == lang
    assert h1(html) == H1[page][LANGS.index(lang)]
    assert "Accept-Language" in response.headers.get("Vary", "")
    for url in links(html):  # the header, the form's way back, the order page's links...
        assert lang_of(url), f"{url} drops the language"
    for url in links(html.split('class="languages"')[0]):  # ...and all but the switcher keep it
        assert lang_of(url) == [lang], url


@pytest.mark.parametrize("lang,heading,message", [
    ("ja", "入力内容をご確認ください", "エラー： 注文番号を入力してください。"),
    ("nb", "Noe må rettes", "Feil: Skriv inn bestillingsnummeret ditt."),
    ("es", "Revisa estos datos", "Error: Escribe tu número de pedido."),
])
def test_form_errors_are_translated(make_app, shopify, lang, heading, message):
    html = html_of(visit("form_errors", make_app, shopify, f"?lang={lang}"))
    assert f'action="/?lang={lang}"' in html
    text = text_of(html)
    assert heading in text and message in text
    assert "Enter your order number." not in text


@pytest.mark.parametrize("lang,notice", [
    ("en", "We couldn't find that order"), ("ja", "ご注文が見つかりませんでした"),
    ("nb", "Vi fant ikke bestillingen"), ("es", "No hemos encontrado ese pedido"),
])
def test_not_found_is_translated(make_app, shopify, lang, notice):
    html = html_of(visit("not_found", make_app, shopify, f"?lang={lang}"))
    assert f"<h2>{notice}</h2>" in html.replace("&#39;", "'")


# Choosing the language.

@pytest.mark.parametrize("accept,expected", [
    ("nb-NO,nb;q=0.9,en;q=0.5", "nb"),
    ("no", "nb"),
    ("nn-NO", "nb"),
    ("ja-JP,ja;q=0.9", "ja"),
    ("es-MX", "es"),
    ("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5", "es"),
    ("fr-FR", "en"),
    ("", "en"),
])
def test_the_browser_language_is_used_without_a_choice(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept})
    assert html_lang(html_of(response)) == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_an_explicit_choice_beats_the_browser(client):
    page = client.get("/?lang=es", headers={"Accept-Language": "ja"})
    assert html_lang(html_of(page)) == "es"
    ignored = client.get("/?lang=klingon", headers={"Accept-Language": "ja"})
    assert html_lang(html_of(ignored)) == "ja"


@pytest.mark.parametrize("default", ["nb", "nb-NO", "no"])
def test_the_store_default_applies_when_nothing_else_matches(make_app, default):
    client = make_app(DEFAULT_LOCALE=default).test_client()
    assert html_lang(html_of(client.get("/", headers={"Accept-Language": "fr"}))) == "nb"
    assert html_lang(html_of(client.get("/", headers={"Accept-Language": "es"}))) == "es"


def test_the_choice_travels_in_links_not_cookies(make_app, shopify):
    app = make_app()
    found = submit(app.test_client(), "1001", EMAIL, path="/?lang=nb",
                   headers={"Accept-Language": "ja"})
    assert found.status_code == 303 and lang_of(found.headers["Location"]) == ["nb"]
    # A different browser with no cookies at all, following the same link, reads Bokmål.
    stranger = app.test_client(use_cookies=False)
    page = stranger.get(found.headers["Location"], headers={"Accept-Language": "es"})
    assert html_lang(html_of(page)) == "nb" and h1(html_of(page)) == "Bestilling #1001"
    assert "lang" not in page.headers.get("Set-Cookie", "")


def test_the_switcher_offers_the_same_order_in_every_language(client, shopify):
    html = html_of(open_order(client, "1001", EMAIL, path="/?lang=ja"))
    switcher = html.split('class="languages"', 1)[1].split("</ul>", 1)[0]
    assert '<span aria-current="true" lang="ja">日本語</span>' in switcher
    order_path = urlsplit(re.search(r'href="(/order/[^"?]+)/status-page', html)
                          .group(1)).path
    for code in ("en", "nb", "es"):
        (href,) = re.findall(rf'href="([^"]+)" lang="{code}"', switcher)
        assert urlsplit(unescape(href)).path == order_path and lang_of(unescape(href)) == [code]
    assert "Norsk bokmål" in switcher and "Español" in switcher and "English" in switcher


# What the order page says in each language.

@pytest.mark.parametrize("number,email,lang,labels,carrier_text", [
    ("1002", "hanako.yamada@example.com", "ja", ["配達完了", "輸送中", "お支払い済み"],
     ["荷物受付", "En route", "Posting/Collection"]),
    ("1004", "Ingrid.Nordmann@Example.com", "nb", ["Under transport", "Hentet av transportøren",
                                                   "Betalt"], ["Sendingen er under transport"]),
    ("1006", "lucia.garcia@example.com", "es", ["Intento de entrega", "En reparto", "Pagado"],
     ["Ausente. Se dejó aviso"]),
    ("1003", "kenji.sato@example.com", "es", ["En reparto", "Envío parcial"], ["輸送中", "配達中"]),
])
def test_statuses_are_translated_and_carrier_text_is_kept(client, shopify, number, email, lang,
                                                          labels, carrier_text):
    text = text_of(html_of(open_order(client, number, email, path=f"/?lang={lang}")))
    for label in labels + carrier_text:
        assert label in text


# A late-evening order: 23:30 UTC is already the next day in Oslo, Madrid and Tokyo, and still
# the afternoon in Oregon. Every time is shown in the zone of the address it ships to.
NOW = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize("lang,currency,price,placed,amount,scanned", [
    ("ja", "JPY", "10400", "ご注文日：2026年11月29日", "￥10,400", "2026/11/29 8:30"),
    ("nb", "NOK", "1234.56", "Bestilt 29. november 2026", f"1{NBSP}234,56{NBSP}kr",
     "29. nov. 2026, 00:30"),
    ("es", "EUR", "1234.56", "Realizado el 29 de noviembre de 2026", f"1.234,56{NBSP}€",
     "29 nov 2026, 0:30"),
    ("en", "USD", "1234.56", "Placed on November 28, 2026", "$1,234.56",
     f"Nov 28, 2026, 3:30{NNBSP}PM"),
])
def test_dates_and_money_follow_the_locale_and_the_destination_time_zone(
        client, shopify, lang, currency, price, placed, amount, scanned):
    shopify.store.add(build_order(
        7101, EMAIL, currency=currency, now=NOW, processed_days_ago=0,
        items=[Item("Tea", price)], shipments=[Shipment("IN_TRANSIT", [("Bring", "7072215")],
                                                       events=[Event("IN_TRANSIT", 0, "Scan")])]))
    html = html_of(open_order(client, "7101", EMAIL, path=f"/?lang={lang}"))
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert placed in text and amount in text and scanned in text
    assert '<time datetime="2026-11-28T23:30:00+00:00">' in html  # machines get the instant


@pytest.mark.parametrize("lang,one,several", [
    ("es", "1 unidad cancelada o reembolsada", "2 unidades canceladas o reembolsadas"),
    ("ja", "1点はキャンセルまたは返金済み", "2点はキャンセルまたは返金済み"),
    ("en", "1 cancelled or refunded", "2 cancelled or refunded"),
])
def test_cancelled_quantities_take_the_languages_plural(client, shopify, lang, one, several):
    shopify.store.add(build_order(7102, EMAIL, items=[Item("Tea", "5.00", 3, refunded=1),
                                                      Item("Cups", "9.00", 4, refunded=2)]))
    text = text_of(html_of(open_order(client, "7102", EMAIL, path=f"/?lang={lang}")))
    assert one in text and several in text


# The pseudo-locale: every catalog message becomes ⟦…⟧, so English left on a page outside the
# brackets was never marked for translation. Shopify's own words (names, titles, carrier text,
# addresses) are data, and so are dates (<time>), money and the language names.

OPEN, CLOSE = "⟦", "⟧"
REGIONS = {"title", "header", "main", "footer"}
TEXT_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description",
                   "aria-roledescription", "aria-valuetext"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# View-model fields that hold Shopify's free text, shown as it is.
SHOPIFY_TEXT = {"name", "confirmation_number", "title", "variant", "number", "carrier", "message",
                "city", "location", "address", "street", "postcode", "shipping_method", "alt",
                "province", "day_text", "time_slot"}


class ShownText(HTMLParser):
    """The words a shopper sees or hears: text in the page regions (dates blanked out, since
    <time> holds formatted data) and the text-bearing attributes anywhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value and (name in TEXT_ATTRIBUTES or name.startswith("data-")):
                self.attributes.append(value)
        if tag == "meta" and values.get("name") == "description":
            self.attributes.append(values.get("content") or "")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if REGIONS & set(self.open) and not {"script", "style"} & set(self.open):
            self.text.append(" " if "time" in self.open else data)


def outside_brackets(text: str) -> str:
    """`text` with every ⟦…⟧ span (nested ones too) replaced by a line break."""
    kept, depth = [], 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth -= 1
            kept.append("\n")
        elif depth == 0:
            kept.append(char)
    assert depth == 0, "unbalanced pseudo-locale brackets"
    return "".join(kept)


def untranslated(html: str, data: set[str]) -> list[str]:
    """Words on the page that are neither in a translated message nor Shopify data."""
    shown = ShownText()
    shown.feed(html)
    leftovers = []
    for piece in ["".join(shown.text), *shown.attributes]:
        rest = outside_brackets(piece)
        for value in sorted(data, key=len, reverse=True):
            rest = rest.replace(value, "\n")
        leftovers += re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", rest)
    return leftovers


def shopify_data(order) -> set[str]:
    """Every piece of the order that comes from Shopify, as the page shows it."""
    found: set[str] = set()

    def walk(value, field: str = "") -> None:
        if isinstance(value, Money):
            found.add(i18n.money(value))
        elif dataclasses.is_dataclass(value):
            if isinstance(value, Address):
                # The address's lines as its country lays them out, in either script.
                found.update(line for language in ("en", "ja")
                             for line in address_lines(value, language))
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name), item.name)
        elif isinstance(value, tuple):
            for item in value:
                walk(item, field)
        elif isinstance(value, str) and field in SHOPIFY_TEXT:
            found.add(value)
        elif isinstance(value, str) and field == "country":
            found.add(i18n.country_name(value))

    walk(order)
    for shipment in order.shipments:
        for tracking in shipment.tracking:
            found.add(services().shipping.carrier_name(tracking, "en") or "")
    return found - {""}


@pytest.fixture(scope="session")
def pseudo_translations(tmp_path_factory) -> Path:
    """A catalog for 'en' that brackets every message the code and templates use."""
    catalog = Catalog(locale="en")
    for (msgid, context), _filename in translatable_messages().items():
        string = (tuple(OPEN + form + CLOSE for form in msgid) if isinstance(msgid, tuple)
                  else OPEN + msgid + CLOSE)
        catalog.add(msgid, string, context=context)
    directory = tmp_path_factory.mktemp("pseudo")
    (directory / "en" / "LC_MESSAGES").mkdir(parents=True)
    with open(directory / "en" / "LC_MESSAGES" / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    return directory


def in_pseudo_locale(app: Flask, directory: Path) -> Flask:
    domain = Domain(translation_directories=str(directory))
    app.before_request(domain.as_default)
    return app


def data_of(app: Flask, response) -> set[str]:
    """Shopify data behind a response: the store's name, and the order an order page shows."""
    with app.test_request_context("/?lang=en"):
        data = {services().shop.get().name, app.config.get("STORE_NAME") or "",
                *i18n.LANGUAGE_NAMES.values()}
        token = re.search(r'href="/order/([^/"?]+)/status-page', html_of(response))
        access = services().links.open(token.group(1)) if token else None
        if access:
            data |= shopify_data(services().reader.load(access).order)
    return data - {""}


ORDERS = {
    "1001": "alice.martin@example.com", "1002": "hanako.yamada@example.com",
    "1003": "kenji.sato@example.com", "1005": "ola.nordmann@example.com",
    "1006": "lucia.garcia@example.com", "1009": "noah.johnson@example.com",
    "1010": "olivia.brown@example.com", "1011": "liam.wilson@example.com",
    "1013": "sophie.taylor@example.com", "1014": "ethan.moore@example.com",
    "1016": "lena.berg@example.com", "1018": "yuki.ito@example.com",
    "1019": "kari.hansen@example.com", "1020": "nils.lie@example.com",
    "1021": "marta.fernandez@example.com", "1025": "henry.young@example.com",
}


def pseudo_page(page: str, app: Flask, shopify, clock: FakeClock):
    client = app.test_client()
    if page in ORDERS:
        return open_order(client, page, ORDERS[page])
    if page == "stale":
        found = submit(client, "1002", ORDERS["1002"])
        client.get(found.headers["Location"])
        clock.advance(1.1)  # past ORDER_CACHE_TTL, so the next view asks Shopify, which is down
        shopify.fail("unauthorized", times=None)
        return client.get(found.headers["Location"])
    if page == "csrf":
        return client.post("/", data={"order_number": "#1001", "email": "x"})
    if page == "405":
        return client.delete("/")
    return visit(page, lambda **_: app, shopify)


PSEUDO_PAGES = ["form", "form_errors", "csrf", "not_found", "link_expired", "404", "405", "429",
                "503", "stale", *ORDERS]


@pytest.mark.parametrize("page", PSEUDO_PAGES)
def test_no_english_is_left_outside_the_catalogs(make_app, shopify, pseudo_translations, page):
    overrides = {"RATE_LIMIT_PER_IP": "1 per minute"} if page == "429" else {}
    if page == "stale":
        overrides["ORDER_CACHE_TTL"] = 1
    clock = FakeClock()
    app = in_pseudo_locale(make_app(clock, NOT_FOUND_MIN_MS=0, **overrides), pseudo_translations)
    response = pseudo_page(page, app, shopify, clock)
    html = html_of(response)
    assert OPEN in h1(html), "the pseudo-locale is not in use"
    if page == "stale":
        assert "notice-warning" in html, "the page is not the stale copy"
    assert untranslated(html, data_of(app, response)) == []


def test_the_pseudo_locale_check_catches_a_bare_string():
    page = ('<html><head><title>⟦Order %s⟧</title></head><body><main><h1>⟦Track your order⟧</h1>'
            '<p>Tea · Bergen <time datetime="2026-11-28">Nov 28</time> ⟦Quantity: 2⟧</p>'
            '<p>Posted by <b>Tea</b></p><button aria-label="Close">×</button></main></body></html>')
    assert untranslated(page, {"Tea", "Bergen"}) == ["Posted", "by", "Close"]
