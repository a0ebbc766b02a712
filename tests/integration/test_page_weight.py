"""The order page's budget for a phone on a weak connection: HTML, CSS and JS together at most
30 KB gzipped, nothing from other sites but product images, no web fonts, lazy sized images."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser

import pytest

from tests.support.helpers import open_order

BUDGET = 30 * 1024
HEAVY_ORDERS = [("1002", "hanako.yamada@example.com"),   # two shipments, long timelines
                ("1024", "grace.lee@example.com"),       # 30 items, partly sent
                ("1029", "wholesale.buyer@example.com")]  # more items than one page of Shopify's


class _Resources(HTMLParser):
    """The stylesheets, scripts, images and icons a page asks the browser to load."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.other: list[str] = []
        self._in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main = True
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"] or "")
        elif tag == "link" and a.get("href"):
            self.other.append(a["href"] or "")
        elif tag == "script":
            assert a.get("src"), "inline scripts break the CSP"
            assert "defer" in a or "async" in a, f"{a['src']} blocks rendering"
            self.scripts.append(a["src"] or "")
        elif tag == "img":
            self.images.append({**a, "in_main": "yes" if self._in_main else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False


def _same_origin(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@pytest.fixture
def branded_client(make_app):
    """A store with every branding setting, so /theme.css and the logo count too."""
    return make_app(STORE_ACCENT_COLOR="#c2410c", STORE_NAME="Fjordline Goods",
                    STORE_LOGO_URL="https://cdn.example.com/logo.svg").test_client()


@pytest.mark.parametrize("number,email", HEAVY_ORDERS)
def test_the_order_page_fits_the_budget(branded_client, number, email):
    page = open_order(branded_client, number, email)
    html = page.get_data()
    found = _Resources()
    found.feed(html.decode())
    assert found.styles and found.scripts
    sizes = {"HTML": _gzipped(html)}
    for url in found.styles + found.scripts:
        assert _same_origin(url), f"{url} comes from another site"
        with branded_client.get(url) as asset:
            assert asset.status_code == 200, url
            sizes[url] = _gzipped(asset.get_data())
    total = sum(sizes.values())
    assert total <= BUDGET, f"{total} bytes gzipped: {sizes}"


def test_no_web_fonts_and_nothing_from_other_sites(branded_client):
    page = open_order(branded_client, *HEAVY_ORDERS[0])
    found = _Resources()
    found.feed(page.get_data(as_text=True))
    for url in found.styles + found.scripts + found.other:
        assert _same_origin(url), url
    for url in found.styles:
        with branded_client.get(url) as asset:
            css = asset.get_data(as_text=True)
        assert "@font-face" not in css and "@import" not in css, url
        assert "url(" not in css.replace("url()", ""), f"{url} loads more files"
    assert "font-src 'none'" in page.headers["Content-Security-Policy"]


def test_images_are_lazy_sized_and_described(branded_client, shopify):
    page = open_order(branded_client, *HEAVY_ORDERS[1])
    found = _Resources()
    found.feed(page.get_data(as_text=True))
    products = [image for image in found.images if image["in_main"]]
    assert len(products) >= 30
    for image in found.images:
        assert image.get("width") and image.get("height"), image
        assert image.get("alt") is not None, image
    logo = [image for image in found.images if not image["in_main"]]
    assert [image["src"] for image in logo] == ["https://cdn.example.com/logo.svg"]
    for image in products:
        assert image.get("loading") == "lazy", image
        # The fake Shopify stands in for Shopify's CDN.
        assert (image["src"] or "").startswith(("https://", shopify.base_url + "/")), image
