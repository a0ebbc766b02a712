"""On the narrowest phones (320-360 px) a Japanese address and the progress labels break only
between words: never inside 注文受付 or a line of the address, and never out of their box."""

from __future__ import annotations

import pytest

from tests.browser.helpers import look_up

# For each element: how many lines each of its text pieces takes, and whether it overflows.
_LAYOUT = """(selector) => [...document.querySelectorAll(selector)].map(element => {
    const pieces = [...element.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    const lines = pieces.map(node => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
    });
    return {text: element.textContent.trim(), lines,
            overflows: element.scrollWidth > element.clientWidth + 1};
})"""


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize(("number", "email"), [("1030", "daichi.mori@example.com"),
                                               ("1002", "hanako.yamada@example.com")])
def test_japanese_labels_and_addresses_do_not_break_inside_a_word(open_page, width, number,
                                                                  email):
    page = open_page("phone", viewport={"width": width, "height": 800})
    look_up(page, number, email)
    page.goto(page.url.split("?")[0] + "?lang=ja")
    assert page.locator("html").get_attribute("lang") == "ja"
    labels = page.evaluate(_LAYOUT, ".progress li")
    assert labels, "no progress steps on the page"
    for label in labels:
        assert label["lines"] == [1] * len(label["lines"]) and not label["overflows"], label
    address = page.evaluate(_LAYOUT, ".address")
    assert address and "様" in address[-1]["text"]
    for block in address:
        assert set(block["lines"]) == {1} and not block["overflows"], block


@pytest.mark.parametrize("lang", ["nb", "es"])
def test_longer_progress_labels_wrap_between_words_inside_their_column(open_page, lang):
    page = open_page("phone", viewport={"width": 320, "height": 800})
    look_up(page, "1006", "lucia.garcia@example.com")
    page.goto(page.url.split("?")[0] + f"?lang={lang}")
    for block in page.evaluate(_LAYOUT, ".progress, .progress li, .address"):
        assert not block["overflows"], block
