"""The translation catalogs and the locale formatting they sit beside.

Every string the code and templates mark for translation (found the way `pybabel extract`
finds it, from babel.cfg) has a reviewed translation in every language, with the same
placeholders; the committed .mo files say exactly what their .po sources say; and dates and
money come out as CLDR writes them in each language.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask import Flask, g

from portal.model import Money
from portal.web import i18n
from tests.support.helpers import ROOT, MessageKey, translatable_messages

TRANSLATIONS = ROOT / "portal" / "translations"
LOCALES = tuple(code for code in i18n.SUPPORTED if code != "en")  # English is the source


def catalog(locale: str) -> Catalog:
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text: str) -> set[str]:
    return {name for name, _flags, kind in PYTHON_FORMAT.findall(text) if kind != "%"}


@pytest.fixture(scope="module")
def messages() -> dict[MessageKey, str]:
    return translatable_messages()


def test_extraction_finds_the_code_and_the_templates(messages):
    files = set(messages.values())
    assert {"portal/web/labels.py", "portal/web/forms.py", "portal/web/errors.py"} <= files
    assert {"templates/lookup.html", "templates/order.html", "templates/base.html"} <= files
    assert ("Track your order", None) in messages and ("Order number", None) in messages


def test_the_template_lists_every_message(messages):
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        template = read_po(pot)
    missing = [key for key in messages if template.get(*key) is None]
    assert not missing, f"run `make translations`: messages.pot lacks {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_has_a_reviewed_translation(messages, locale):
    translations = catalog(locale)
    problems = []
    for (msgid, context), filename in messages.items():
        message = translations.get(msgid, context)
        if message is None:
            problems.append(f"missing ({filename}): {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy, needs review: {msgid!r}")
        elif not all(text.strip() for text in forms(message)):
            problems.append(f"untranslated: {msgid!r}")
    assert not problems, f"{locale}: " + "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_their_placeholders(locale):
    problems = []
    for message in catalog(locale):
        if not message.id:
            continue
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        wanted = placeholders(source)
        for text in forms(message):
            used = placeholders(text)
            # A singular form may spell the number out ("one parcel") instead of using %(num)s.
            if not (wanted - {"num"} <= used <= wanted):
                problems.append(f"{message.id!r}: {sorted(used)} instead of {sorted(wanted)}")
            try:
                text % {name: "x" for name in wanted}
            except (TypeError, ValueError, KeyError) as error:
                problems.append(f"{message.id!r} does not format ({error}); write % as %%")
    assert not problems, f"{locale}: " + "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_carry_no_markup(locale):
    # Templates treat translations as safe HTML (the date placeholders are <time> elements),
    # so a translation itself must never add markup.
    marked = [m.id for m in catalog(locale) if m.id and any(re.search(r"[<>&]", text)
                                                             for text in forms(m))]
    assert not marked


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_forms_follow_the_language(locale):
    translations = catalog(locale)
    assert translations.num_plurals == get_plural(locale).num_plurals
    assert translations.plural_expr == get_plural(locale).plural_expr
    for message in translations:
        if message.pluralizable and message.id:
            assert len(forms(message)) == translations.num_plurals, message.id


def test_japanese_has_one_plural_form():
    assert catalog("ja").num_plurals == 1
    assert forms(catalog("ja").get(("Shipment", "Shipments"))) == ("お荷物",)


def compiled(messages: Catalog) -> dict[MessageKey, tuple[str, ...]]:
    """msgid -> translations; read_mo gives plural ids as lists, read_po as tuples."""
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else (value,)
    return {(plain(m.id), m.context): plain(m.string) for m in messages if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_committed_mo_is_compiled_from_the_current_po(locale):
    """The app reads the .mo files, which are committed; this fails when a .po changed without
    `pybabel compile` (see README "Translations")."""
    buffer = BytesIO()
    write_mo(buffer, catalog(locale), use_fuzzy=False)  # what `pybabel compile` would write
    buffer.seek(0)
    expected = read_mo(buffer)
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        committed = read_mo(mo)
    assert compiled(committed) == compiled(expected), f"run `make translations` for {locale}"
    assert committed.plural_forms == expected.plural_forms


def test_every_supported_language_has_a_catalog():
    shipped = {path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")}
    assert shipped == set(LOCALES)


# Formatting: CLDR's patterns through the portal's filters, in each language. Babel separates
# Norwegian digit groups and units with a no-break space (U+00A0); the strings say so.

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def app() -> Flask:
    app = Flask(__name__)
    app.config["DEFAULT_LOCALE"] = "en"
    i18n.init_app(app)
    return app


def formatted(app: Flask, locale: str, filter_, value, timezone: str | None = None) -> str:
    with app.test_request_context(f"/?lang={locale}"):
        if timezone:
            g.timezone = timezone
        return str(filter_(value))


@pytest.mark.parametrize("locale,value,expected", [
    ("ja", Money(Decimal("10400"), "JPY"), "￥10,400"),  # CLDR's Japanese yen sign is full-width
    ("en", Money(Decimal("10400"), "JPY"), "¥10,400"),
    ("nb", Money(Decimal("1234.56"), "NOK"), f"1{NBSP}234,56{NBSP}kr"),
    ("es", Money(Decimal("1234.56"), "EUR"), f"1.234,56{NBSP}€"),
    ("en", Money(Decimal("36"), "USD"), "$36.00"),
    ("es", Money(Decimal("36"), "USD"), f"36,00{NBSP}US$"),
])
def test_money_is_written_the_local_way(app, locale, value, expected):
    assert formatted(app, locale, i18n.money, value) == expected


@pytest.mark.parametrize("locale,long,delivery", [
    ("en", "November 28, 2026", "Sat, Nov 28"),
    ("ja", "2026年11月28日", "11月28日(土)"),
    ("nb", "28. november 2026", "lør. 28. nov."),
    ("es", "28 de noviembre de 2026", "sáb, 28 nov"),
])
def test_dates_are_written_the_local_way(app, locale, long, delivery):
    day = date(2026, 11, 28)
    assert formatted(app, locale, i18n.long_date, day) == long
    assert formatted(app, locale, i18n.delivery_date, day) == delivery


@pytest.mark.parametrize("locale,expected", [
    ("en", "Nov 28, 2026, 3:05 PM"),
    ("ja", "2026/11/28 15:05"),
    ("nb", "28. nov. 2026, 15:05"),
    ("es", "28 nov 2026, 15:05"),
])
def test_times_are_shown_in_the_store_time_zone(app, locale, expected):
    moment = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)
    got = formatted(app, locale, i18n.date_and_time, moment, timezone="Europe/Oslo")
    assert got.replace("\u202f", " ") == expected  # en puts a narrow no-break space before PM


def test_a_date_late_in_the_evening_is_the_next_day_in_tokyo(app):
    moment = datetime(2026, 11, 28, 16, 30, tzinfo=UTC)
    assert formatted(app, "ja", i18n.long_date, moment, timezone="Asia/Tokyo") == "2026年11月29日"
    assert formatted(app, "ja", i18n.long_date, moment, timezone="Not/AZone") == "2026年11月28日"


def test_dates_go_into_sentences_as_time_elements(app):
    tag = formatted(app, "nb", i18n.time_tag, date(2026, 11, 28))
    assert tag == '<time datetime="2026-11-28">28. november 2026</time>'
    assert formatted(app, "nb", i18n.time_tag, None) == ""


@pytest.mark.parametrize("locale,expected", [("en", "Norway"), ("ja", "ノルウェー"),
                                             ("nb", "Norge"), ("es", "Noruega")])
def test_countries_are_named_in_the_shoppers_language(app, locale, expected):
    assert formatted(app, locale, i18n.country_name, "NO") == expected
