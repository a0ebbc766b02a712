"""The lookup form by keyboard alone: every stop shows where focus is, Enter sends the form, and
errors lead straight back to the field."""

from __future__ import annotations

from playwright.sync_api import Page, expect

FOCUSED = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    return {id: el.id, tag: el.tagName.toLowerCase(), text: (el.textContent || "").trim(),
            className: el.className, outline: style.outlineStyle,
            width: parseFloat(style.outlineWidth), color: style.outlineColor};
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab(page: Page) -> dict:
    """Press Tab and return the newly focused element; it must show a visible focus ring."""
    page.keyboard.press("Tab")
    element = focused(page)
    assert element["outline"] not in ("none", "hidden") and element["width"] >= 2, element
    assert element["color"] not in ("transparent", "rgba(0, 0, 0, 0)"), element
    return element


def test_the_form_works_by_keyboard_alone(open_page, viewport):
    page = open_page(viewport)
    page.goto("/")

    skip = tab(page)
    assert skip["className"] == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link is visible when focused"

    stops = [tab(page) for _ in range(2)]
    assert [stop["id"] for stop in stops][-1] == "order_number", stops
    page.keyboard.type("1004")
    assert tab(page)["id"] == "email"
    page.keyboard.type("ingrid.nordmann@example.com")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Order #1004")


def test_the_skip_link_moves_focus_to_the_content(open_page):
    page = open_page("desktop")
    page.goto("/")
    tab(page)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    assert tab(page)["id"] == "order_number"


def test_errors_take_focus_and_lead_to_their_field(open_page, viewport):
    page = open_page(viewport)
    page.goto("/")
    page.get_by_label("Order number").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = focused(page)
    assert "error-summary" in summary["className"], summary
    link = tab(page)
    assert link["tag"] == "a" and link["text"], link
    field_id = page.evaluate("document.activeElement.hash.slice(1)")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == field_id
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    expect(page.locator(f"#{field_id}-error")).to_contain_text(link["text"])
