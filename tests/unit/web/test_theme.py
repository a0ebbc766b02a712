"""The store's accent colour: strict hex only, and whatever the colour, text stays WCAG AA."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.config import ConfigError, load_settings
from portal.web import theme
from portal.web.theme import contrast, parse_hex, stylesheet

REQUIRED = {"SHOPIFY_SHOP": "acme.myshopify.com", "SHOPIFY_ACCESS_TOKEN": "shpat_x",
            "REDIS_URL": "redis://localhost:6379/0", "SECRET_KEY": "s" * 32}
colours = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")


def test_contrast_matches_wcag():
    assert contrast(parse_hex("#000"), parse_hex("#fff")) == pytest.approx(21)
    assert contrast(parse_hex("#777777"), parse_hex("#ffffff")) == pytest.approx(4.48, abs=0.01)


def _properties(css: str) -> list[dict[str, str]]:
    """Each :root block's custom properties: light first, then dark."""
    return [dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", block))
            for block in re.findall(r":root\{([^}]*)\}", css)]


@given(colours)
def test_any_accent_keeps_text_and_links_readable(accent):
    light, dark = _properties(stylesheet(accent))
    for scheme, grounds in ((light, theme.LIGHT_BACKGROUNDS), (dark, theme.DARK_BACKGROUNDS)):
        assert scheme["accent"] == accent
        assert contrast(parse_hex(scheme["accent-text"]), parse_hex(accent)) >= theme.AA_TEXT
        for ground in grounds:
            assert contrast(parse_hex(scheme["link"]), parse_hex(ground)) >= theme.AA_TEXT


def test_a_readable_accent_is_left_as_it_is():
    light, _dark = _properties(stylesheet("#1f5fbf"))
    assert light == {"accent": "#1f5fbf", "accent-text": "#ffffff", "link": "#1f5fbf"}


def test_a_pale_accent_gets_dark_text_and_darker_links():
    light, dark = _properties(stylesheet("#fc0"))
    assert light["accent"] == "#ffcc00" and light["accent-text"] == "#000000"
    assert light["link"] != "#ffcc00" and dark["link"] == "#ffcc00"


@pytest.mark.parametrize("value", ["#12345", "red", "1f5fbf", "#1f5fbf;}", "#1f5fbf}body{",
                                   "rgb(0,0,0)", "#gggggg", "url(x)"])
def test_only_hex_colours_are_accepted(value):
    with pytest.raises(ConfigError, match="STORE_ACCENT_COLOR"):
        load_settings({**REQUIRED, "STORE_ACCENT_COLOR": value})
    with pytest.raises(ValueError):
        parse_hex(value)


@pytest.mark.parametrize("value", ["http://cdn.example.com/logo.png", "//cdn.example.com/l.png",
                                   "javascript:alert(1)", "data:image/svg+xml,<svg/>"])
def test_the_logo_comes_over_https_or_from_the_portal(value):
    with pytest.raises(ConfigError, match="STORE_LOGO_URL"):
        load_settings({**REQUIRED, "STORE_LOGO_URL": value})


def test_branding_settings_are_optional_and_normalised():
    settings = load_settings({**REQUIRED, "STORE_ACCENT_COLOR": " #C2410C ",
                              "STORE_LOGO_URL": "/static/logo.svg"})
    assert settings["STORE_ACCENT_COLOR"] == "#c2410c"
    assert load_settings(REQUIRED)["STORE_NAME"] == ""
