"""The theme section posts exactly the fields the portal reads, with the storefront's language,
to the App Proxy path; its words and setting labels come from locale files in the four languages,
laid out as Shopify themes lay them out."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.support.helpers import ROOT

THEME = ROOT / "templates" / "theme"
SECTION = (THEME / "track-my-order.liquid").read_text(encoding="utf-8")
SCHEMA = json.loads(re.search(r"{% schema %}(.*){% endschema %}", SECTION, re.S).group(1))
LANGUAGES = {"en": "en.default", "ja": "ja", "nb": "nb", "es": "es"}
# Schema attributes Shopify translates from locales/*.schema.json (its "Content" table).
TRANSLATED = {"name", "label", "info", "placeholder", "category", "group", "unit"}


def locale_file(language: str, kind: str = "") -> dict:
    path = THEME / "locales" / f"{LANGUAGES[language]}{kind}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def lookup(tree: dict, key: str) -> object:
    for part in key.split("."):
        tree = tree[part] if isinstance(tree, dict) and part in tree else None
    return tree


def leaves(tree: dict, prefix: str = "") -> set[str]:
    keys = set()
    for name, value in tree.items():
        path = f"{prefix}{name}"
        keys |= leaves(value, path + ".") if isinstance(value, dict) else {path}
    return keys


def schema_texts(node: object, attribute: str = "") -> list[tuple[str, str]]:
    """(attribute, value) of every string in the schema, however deep."""
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in schema_texts(value, key)]
    if isinstance(node, list):
        return [pair for item in node for pair in schema_texts(item, attribute)]
    return [(attribute, node)] if isinstance(node, str) else []


def test_section_posts_the_portals_fields_and_the_storefront_language_through_the_proxy():
    form = re.search(r"<form[^>]*>", SECTION).group(0)
    assert 'method="post"' in form
    assert 'action="{{ portal | escape }}/?lang={{ request.locale.iso_code | url_encode }}"' in form
    names = set(re.findall(r'name="([a-z_]+)"', SECTION))
    assert names == {"order_number", "email"}
    assert 'autocomplete="email"' in SECTION


def test_section_schema_is_valid_json_with_a_preset():
    assert SCHEMA["presets"] and {s["id"] for s in SCHEMA["settings"]} == {"portal_path",
                                                                           "show_heading"}


def test_every_translatable_schema_text_is_a_translation_key():
    texts = [(attribute, value) for attribute, value in schema_texts(SCHEMA)
             if attribute in TRANSLATED and value != "/apps/track"]
    assert texts
    assert all(value.startswith("t:sections.track_my_order.") for _, value in texts), texts


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_schema_key_is_translated(language):
    keys = {value[2:] for _, value in schema_texts(SCHEMA) if value.startswith("t:")}
    translations = locale_file(language, ".schema")
    missing = [key for key in keys if not isinstance(lookup(translations, key), str)]
    assert not missing
    assert leaves(translations) == keys  # nothing stale left in the file


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_storefront_word_is_translated(language):
    keys = set(re.findall(r"'(sections\.track_my_order\.[a-z_]+)' \| t", SECTION))
    assert keys == {f"sections.track_my_order.{k}"
                    for k in ("heading", "order_number", "email", "submit")}
    translations = locale_file(language)
    assert all(str(lookup(translations, key) or "").strip() for key in keys)
    assert leaves(translations) == keys


def catalog_word(language: str, english: str) -> str:
    if language == "en":
        return english
    path = ROOT / "portal" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as po:
        return read_po(po, locale=language).get(english).string


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize(("key", "english"), [
    ("heading", "Track your order"), ("order_number", "Order number"),
    ("email", "Email address"), ("submit", "Find my order")])
def test_the_store_and_the_portal_use_the_same_words(language, key, english):
    word = lookup(locale_file(language), f"sections.track_my_order.{key}")
    assert word == catalog_word(language, english)


def test_the_default_locale_files_follow_shopifys_names():
    names = {path.name for path in (THEME / "locales").iterdir()}
    assert {"en.default.json", "en.default.schema.json"} <= names
    assert all(Path(name).suffix == ".json" for name in names)


def test_every_setting_or_translation_reaching_html_is_escaped():
    for output in re.findall(r"{{(.*?)}}", SECTION):
        if "section.settings" in output or "customer" in output or "| t" in output:
            assert "| escape" in output, output
