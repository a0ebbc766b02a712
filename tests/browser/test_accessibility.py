"""axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on every kind of page, light and dark, under
the page's real CSP; the page watch also fails any of them that logs an error or loses a request.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import ORDERS, axe_violations, describe, look_up, open_order


def _form(page: Page, shopify) -> int:
    return page.goto("/").status


def _form_with_errors(page: Page, shopify) -> int:
    return look_up(page, "", "not an email").status


def _not_found(page: Page, shopify) -> int:
    return look_up(page, ORDERS["delivered"][0], "someone.else@example.com").status


def _order(kind: str) -> Callable[[Page, object], int]:
    def show(page: Page, shopify) -> int:
        open_order(page, kind)
        return 200
    return show


def _expired_link(page: Page, shopify) -> int:
    return page.goto("/order/no-longer-valid").status


def _missing_page(page: Page, shopify) -> int:
    return page.goto("/no-such-page").status


def _store_unreachable(page: Page, shopify) -> int:
    page.goto("/")
    shopify.fail("server_error", times=None, status=503)
    return look_up(page, *ORDERS["in_transit"]).status


PAGES = {
    "form": (_form, 200),
    "form with errors": (_form_with_errors, 400),
    "not found": (_not_found, 404),
    **{f"order {kind}": (_order(kind), 200) for kind in (
        "delivered", "in_transit_jp", "attempted", "cancelled", "on_hold", "ready_for_pickup",
        "picked_up", "not_sent")},
    "expired link": (_expired_link, 404),
    "404": (_missing_page, 404),
    "503": (_store_unreachable, 503),
}
LOOKS = [("light", "phone"), ("dark", "phone"), ("dark", "desktop")]


@pytest.mark.parametrize("scheme,size", LOOKS, ids=[f"{s}-{v}" for s, v in LOOKS])
def test_no_accessibility_violations(open_page, shopify, scheme, size):
    page = open_page(size, color_scheme=scheme)
    found = []
    for name, (show, status) in PAGES.items():  # the 503 page comes last: Shopify stays down
        assert show(page, shopify) == status, name
        violations = axe_violations(page)
        if violations:
            found.append(f"{name}:\n{describe(violations)}")
    assert not found, f"{scheme}, {size}:\n" + "\n".join(found)


BRANDS = [{"STORE_ACCENT_COLOR": "#ffcc00", "STORE_NAME": "Sunny Goods",
           "STORE_LOGO_URL": "/static/favicon.svg"},
          {"STORE_ACCENT_COLOR": "#3a0ca3"}]


@pytest.mark.parametrize("portal_settings", BRANDS, indirect=True,
                         ids=["light-accent-with-logo", "dark-accent"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_store_accent_keeps_contrast(open_page, portal_settings, scheme):
    page = open_page("phone", color_scheme=scheme)
    found = []
    for name in ("form with errors", "order in_transit_jp"):
        show, status = PAGES[name]
        assert show(page, None) == status, name
        violations = axe_violations(page)
        if violations:
            found.append(f"{name}:\n{describe(violations)}")
    assert not found, f"{portal_settings}, {scheme}:\n" + "\n".join(found)
    accent = page.evaluate("getComputedStyle(document.documentElement)"
                           ".getPropertyValue('--accent').trim()")
    assert accent == portal_settings["STORE_ACCENT_COLOR"]
    if "STORE_LOGO_URL" in portal_settings:
        logo = page.get_by_role("banner").get_by_role("img", name="Sunny Goods")
        assert logo.evaluate("img => img.naturalWidth") > 0
