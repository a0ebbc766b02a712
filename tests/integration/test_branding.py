"""The store's name, logo and accent colour on real pages, and the stylesheet that carries it."""

import re

from tests.support.helpers import open_order


def test_without_branding_there_is_no_theme_stylesheet(client):
    html = client.get("/").get_data(as_text=True)
    assert "/theme.css" not in html
    assert client.get("/theme.css").status_code == 404
    assert "Fjordline Goods" in html  # the shop's name from Shopify


def test_the_accent_colour_comes_as_a_cacheable_stylesheet(make_app):
    client = make_app(STORE_ACCENT_COLOR="#C2410C").test_client()
    html = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="(/theme\.css\?v=[0-9a-f]+)">', html).group(1)
    css = client.get(href)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "--accent:#c2410c" in css.get_data(as_text=True)
    assert "max-age" in css.headers["Cache-Control"]
    again = client.get(href, headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304


def test_the_store_name_and_logo_replace_the_shops_name(make_app):
    client = make_app(STORE_NAME="Sunny & Co", STORE_LOGO_URL="https://cdn.example.com/l.svg",
                      ).test_client()
    html = open_order(client, "1001", "alice.martin@example.com").get_data(as_text=True)
    assert "<title>Order #1001 · Sunny &amp; Co</title>" in html
    assert ('<img src="https://cdn.example.com/l.svg" alt="Sunny &amp; Co" width="160" '
            'height="40">') in html
    assert "Fjordline Goods (demo)" not in html.split("<main", 1)[0]


def test_error_pages_carry_the_store_name_too(make_app):
    client = make_app(STORE_NAME="Sunny & Co").test_client()
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "Sunny &amp; Co" in html
