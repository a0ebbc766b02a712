"""Locale and time zone choice, and the formatting filters templates use for dates and money."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, Response, current_app, g, request
from flask_babel import Babel, format_currency, format_date, format_datetime, get_locale

from .orders import Money

SUPPORTED = ("en", "ja", "nb", "es")
LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "nb": "Norsk bokmål", "es": "Español"}
# Browsers send 'no' or 'nn' as often as 'nb'; all of them read Bokmål.
_ALIASES = {"no": "nb", "nn": "nb"}


def explicit_locale() -> str | None:
    """The locale the shopper picked with ?lang=, carried on every link so no cookie is needed."""
    lang = request.args.get("lang", "").strip().lower()
    return lang if lang in SUPPORTED else None


def select_locale() -> str:
    """?lang= first, then the browser's Accept-Language, then the store's default."""
    chosen = explicit_locale()
    if chosen:
        return chosen
    for value, _quality in request.accept_languages:
        primary = value.split("-")[0].split("_")[0].lower()
        primary = _ALIASES.get(primary, primary)
        if primary in SUPPORTED:
            return primary
    return current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    return g.get("timezone") or "UTC"


def money(value: Money | None) -> str:
    if value is None:
        return ""
    return format_currency(Decimal(value.amount), value.currency)


def long_date(value: date | datetime | None) -> str:
    """A date in the shopper's words; Flask-Babel moves datetimes into the selected time zone."""
    return format_date(value, "long") if value else ""


def date_and_time(value: datetime | None) -> str:
    return format_datetime(value, "medium") if value else ""


def iso(value: date | datetime | None) -> str:
    return value.isoformat() if value else ""


def _vary(response: Response) -> Response:
    response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters.update(money=money, long_date=long_date,
                                 date_and_time=date_and_time, iso=iso)
    app.jinja_env.globals.update(get_locale=get_locale, language_names=LANGUAGE_NAMES,
                                 explicit_locale=explicit_locale)
    app.after_request(_vary)
