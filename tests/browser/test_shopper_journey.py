"""A shopper's whole journey in Chromium, at a phone size and a desktop size, with and without
JavaScript: form, lookup, order page, language switch, back, and the answer to a wrong email."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import ORDERS, look_up, open_order


def test_the_whole_journey(open_page, viewport):
    page = open_page(viewport)
    page.goto("/")
    expect(page).to_have_title(re.compile("^Track your order"))

    open_order(page, "in_transit_jp")
    order_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Order #1002")
    glance = page.locator(".glance")
    expect(glance.locator(".headline")).to_have_text("On its way")
    expect(glance.locator(".arrival time")).not_to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("^Shipment 1 of 2"))).to_be_visible()
    expect(page.locator(".progress").first).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert "lang=ja" in page.url
    expect(page.locator(".languages [aria-current]")).to_have_text("日本語")
    # CLDR's Japanese dates, whatever the state of the translations: 11月28日(土)
    expect(page.locator(".meta time")).to_have_text(re.compile(r"\d+年\d+月\d+日"))

    page.go_back()
    expect(page).to_have_url(order_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    number, _email = ORDERS["in_transit_jp"]
    response = look_up(page, number, "someone.else@example.com")
    assert response is not None and response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("We couldn't find that order")
    expect(page.get_by_label("Order number")).to_have_value(number)


def test_the_journey_works_without_javascript(open_page, viewport):
    page = open_page(viewport, java_script_enabled=False)
    response = look_up(page, "", "")
    assert response is not None and response.status == 400
    expect(page.locator(".error-summary")).to_be_visible()

    open_order(page, "in_transit")
    expect(page.locator(".glance .headline")).to_have_text("On its way")
    expect(page.locator(".tracking .code")).to_have_text("70722150393571047")
    expect(page.locator(".copy-button")).to_have_count(0)

    page.get_by_role("link", name="Look up another order").click()
    response = look_up(page, ORDERS["delivered"][0], "wrong@example.com")
    assert response is not None and response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("We couldn't find that order")

    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("form.lookup")).to_be_visible()


def test_the_copy_button_copies_the_tracking_number(open_page, viewport):
    page = open_page(viewport, permissions=["clipboard-read", "clipboard-write"])
    open_order(page, "in_transit")
    button = page.get_by_role("button", name="Copy tracking number")
    expect(button).to_have_text("Copy")
    button.click()
    expect(page.get_by_role("status").filter(has_text="Tracking number copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "70722150393571047"


def test_product_images_are_lazy_and_sized(open_page):
    page = open_page("phone")
    open_order(page, "many_items")
    images = page.locator("main img")
    assert images.count() >= 30
    for attributes in images.evaluate_all(
            "all => all.map(i => [i.getAttribute('loading'), i.getAttribute('width'),"
            " i.getAttribute('height'), i.getAttribute('alt')])"):
        loading, width, height, alt = attributes
        assert loading == "lazy" and width and height and alt is not None, attributes
    last = images.last
    last.scroll_into_view_if_needed()
    expect(last).to_have_js_property("complete", True)
    assert last.evaluate("img => img.naturalWidth") > 0


def test_pages_fit_a_320_px_screen(open_page):
    page = open_page("phone", viewport={"width": 320, "height": 640})
    for kind in ("in_transit_jp", "many_items", "attempted"):
        open_order(page, kind)
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{kind}: {overflow}px wider than the screen"
        page.goto("/")
