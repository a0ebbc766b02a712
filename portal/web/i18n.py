"""Locale and time zone choice, and the formatting filters templates use for dates and money."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import flask_babel
from babel import Locale, support
from babel.numbers import format_currency as babel_format_currency
from flask import Flask, Response, current_app, has_app_context, request
from flask_babel import Babel, Domain, LazyString
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from portal.model import DeliveryEstimate, Money
from portal.shipping.regions import time_zone
from portal.web import formats
from portal.web.addresses import address_lines
from portal.web.current import request_globals, served_request

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
SUPPORTED = ("en", "ja", "nb", "es")
# Each language's name in itself, so a shopper finds theirs whatever the page is in.
LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "nb": "Norsk bokmål", "es": "Español"}
# Browsers send 'no' or 'nn' as often as 'nb'; all of them read Bokmål.
_ALIASES = {"no": "nb", "nn": "nb"}


def supported(tag: str) -> str | None:
    """The supported locale a language tag ('nb-NO', 'no', 'ES_es') asks for, if any."""
    primary = tag.replace("_", "-").split("-")[0].strip().lower()
    primary = _ALIASES.get(primary, primary)
    return primary if primary in SUPPORTED else None


def store_locale(setting: str) -> str:
    """The store's default language (DEFAULT_LOCALE), or English if it is not one we have."""
    return supported(setting) or "en"


def explicit_locale() -> str | None:
    """The locale the shopper picked with ?lang=, carried on every link so no cookie is needed.
    A regional tag counts too: the theme section sends the storefront's own ('es-ES', 'nb')."""
    served = served_request()
    if not served.environ.get("QUERY_STRING"):
        return None  # most order page URLs have no query to parse
    return supported(served.args.get("lang", ""))


def select_locale() -> Locale:
    """Flask-Babel's locale for the request: the one locale_code chose, already parsed (it would
    parse a code again on every request)."""
    return formats.locale(locale_code())


@lru_cache(maxsize=256)
def _accepted(header: str, default: str) -> str:
    """The first supported language an Accept-Language header asks for, else the store's
    default. Shoppers' browsers send a few distinct headers, so each is parsed once."""
    for value, _quality in parse_accept_header(header, LanguageAccept):
        if picked := supported(value):
            return picked
    return store_locale(default)


def locale_code() -> str:
    """The page's language code ('ja'): ?lang= first, then the browser's Accept-Language, then
    the store's default. Chosen once per request; pages ask for it dozens of times, and
    Flask-Babel's own lookup costs about ten times a plain attribute's."""
    held = request_globals()
    code: str | None = getattr(held, "portal_locale", None)
    if code is None:
        code = held.portal_locale = explicit_locale() or _accepted(
            request.environ.get("HTTP_ACCEPT_LANGUAGE", ""), current_app.config["DEFAULT_LOCALE"])
    return code


def page_timezone() -> ZoneInfo:
    """The zone of the place an order page concerns (its destination, else the store), else
    UTC; chosen once per request. zoneinfo converts in C; Flask-Babel's pytz zones convert in
    Python (2.5% of an order page's rendering)."""
    held = request_globals()
    zone: ZoneInfo | None = getattr(held, "portal_timezone", None)
    if zone is None:
        zone = held.portal_timezone = time_zone(getattr(held, "timezone", None))
    return zone


def select_timezone() -> str:
    """Flask-Babel's zone for the request: the one page_timezone chose."""
    return page_timezone().key


def money(value: Money | None) -> str:
    """'$36.00', '￥10,400', '1 234,56 kr', '1.234,56 €': CLDR's pattern for the locale."""
    if value is None:
        return ""
    return _formatted_money(Decimal(value.amount), value.currency, locale_code())


@lru_cache(maxsize=4096)
def _formatted_money(amount: Decimal, currency: str, locale: str) -> str:
    # Babel looks up the currency's digits and re-applies its pattern on every call (about a
    # tenth of a page's rendering); prices repeat across a store's orders.
    return babel_format_currency(amount, currency, locale=locale)


def long_date(value: date | datetime | None) -> str:
    """'November 28, 2026', '2026年11月28日', '28. november 2026', '28 de noviembre de 2026';
    a datetime counts on its day in the page's time zone."""
    return formats.day(value, "long", locale_code(), page_timezone()) if value else ""


def delivery_date(value: date | datetime | None) -> str:
    """A day a parcel may come, weekday first: 'Sat, Nov 28', '11月28日(土)', 'lør. 28. nov.',
    'sáb, 28 nov'. No year: a delivery window is days away, and the weekday is what matters."""
    return formats.day(value, "day", locale_code(), page_timezone()) if value else ""


def date_and_time(value: datetime | None) -> str:
    """Medium date and short time in the locale's own order, in the page's time zone:
    'Nov 28, 2026, 2:05 PM', '2026/11/28 14:05', '28. nov. 2026, 14:05', '28 nov 2026, 14:05'."""
    return formats.date_and_time(value, locale_code(), page_timezone()) if value else ""


def window(estimate: DeliveryEstimate | None) -> Markup:
    """A delivery window as one day or a CLDR interval ('12月2日(水)～4日(金)'), each end in
    its own <time> so machines read the dates."""
    if estimate is None:
        return Markup("")
    if estimate.earliest == estimate.latest:
        return time_tag(estimate.earliest, "delivery")
    first, separator, last = formats.window(estimate.earliest, estimate.latest, locale_code())
    # ISO dates hold digits and dashes only; Markup.format would cost a third of the call.
    return Markup(f'<time datetime="{iso(estimate.earliest)}">{escape(first)}</time>'
                  f'{escape(separator)}<time datetime="{iso(estimate.latest)}">{escape(last)}</time>')


def zone_name(zone: str) -> str:
    """'Norway Time', 'ノルウェー時間', 'tidssone for Norge', 'hora de Noruega'."""
    return formats.zone_name(zone, locale_code())


def iso(value: date | datetime | None) -> str:
    return value.isoformat() if value else ""


# Each style takes what its templates pass: dates or datetimes, and datetimes only for "datetime".
_TIME_TEXT: dict[str, Callable[[Any], str]] = {"long": long_date, "delivery": delivery_date,
                                               "datetime": date_and_time}


def time_tag(value: date | datetime | None, style: str = "long") -> Markup:
    """A <time> element to pass into a translated sentence: `_("Placed on %(date)s",
    date=order.placed_at|time_tag)`, so each language puts the date where it belongs."""
    if not value:
        return Markup("")
    # ISO dates hold digits, dashes, colons and a plus sign only: nothing to escape.
    return Markup(f'<time datetime="{iso(value)}">{escape(_TIME_TEXT[style](value))}</time>')


def country_name(code: str | None) -> str:
    """A country code from Shopify ('NO') as the shopper's language names it ('Norge')."""
    if not code:
        return ""
    name: str = formats.locale(locale_code()).territories.get(code.upper(), code)
    return name


def catalog() -> support.NullTranslations:
    """The request's message catalog. Flask-Babel finds it again on every `_()` (about 14 us:
    the domain, the locale, its name, a dict) and a page makes dozens of calls, so the default
    domain keeps it on the request once the locale is chosen."""
    if not has_app_context():  # outside a request: the English source text
        return support.NullTranslations()
    held: support.NullTranslations | None = getattr(request_globals(), "portal_catalog", None)
    if held is not None:
        return held
    translations: support.NullTranslations = flask_babel.get_domain().get_translations()
    return translations


class _RequestCatalog(Domain):
    """The default domain, holding the request's catalog once found."""

    def get_translations(self) -> support.NullTranslations:
        found: support.NullTranslations
        if not has_app_context():
            found = super().get_translations()
            return found
        held = request_globals()
        kept: support.NullTranslations | None = getattr(held, "portal_catalog", None)
        if kept is None:
            kept = held.portal_catalog = super().get_translations()
        return kept


def lazy_gettext(text: str) -> LazyString:
    """A message translated when shown, from the request's catalog."""
    return LazyString(_translate, text)


def _translate(text: str) -> str:
    return str(catalog().ugettext(text))


def _bound_translations() -> dict[str, Any]:
    """`_`, `gettext` and `ngettext` for one page, bound to the request's catalog: the same
    results as Jinja's own (escaped arguments, `%(num)s` in plurals) without finding the
    catalog again on each of a page's dozens of calls."""
    found = catalog()

    def gettext(string: str, **variables: Any) -> Markup:
        text: str = found.ugettext(string)
        # Formatting with nothing to put in changes only "%%"; Markup's % is costly even then.
        return filled(text, variables) if variables or "%" in text else Markup(text)

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return filled(found.ungettext(singular, plural, num), variables)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def filled(text: str, variables: dict[str, Any]) -> Markup:
    """A translation (trusted markup) with each value escaped into it: what `Markup(text) %
    variables` gives. Markup's % wraps each value in a helper object that escapes it on the way
    through, several calls a value; a page fills a dozen sentences. The catalogs' placeholders
    are all `%(name)s`; any other conversion goes through Markup's own %, which converts the
    value itself."""
    try:
        return Markup(text % {name: escape(value) for name, value in variables.items()})
    except TypeError:
        return Markup(text) % variables


def _vary(response: Response) -> Response:
    # Most responses carry no Vary yet; parsing and rewriting the header set costs more, and
    # werkzeug's own lookup raises inside for a missing header.
    if any(name.lower() == "vary" for name, _ in response.headers.items()):
        response.vary.add("Accept-Language")
    else:
        response.headers.add("Vary", "Accept-Language")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    babel = Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    babel.domain_instance = _RequestCatalog()
    # Jinja's i18n extension, which Flask-Babel loads, adds this method to the environment.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda text: catalog().ugettext(text),
        ngettext=lambda singular, plural, n: catalog().ungettext(singular, plural, n),
        newstyle=True)
    app.jinja_env.filters.update(money=money, long_date=long_date, delivery_date=delivery_date,
                                 date_and_time=date_and_time, iso=iso, time_tag=time_tag,
                                 country_name=country_name, window=window, zone_name=zone_name,
                                 address_lines=lambda address: address_lines(address, locale_code()))
    app.jinja_env.globals.update(locale_code=locale_code, language_names=LANGUAGE_NAMES,
                                 explicit_locale=explicit_locale)
    # Templates included from a page share its bound functions; imported macros, which get no
    # context, use the globals installed above.
    app.context_processor(_bound_translations)
    app.after_request(_vary)
