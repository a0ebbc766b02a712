"""What the browser tests share: watching a page for problems, looking an order up as a shopper
does, and running axe-core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Page, Request, Response

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Demo orders by what they show: (order number, email).
ORDERS = {
    "delivered": ("1001", "alice.martin@example.com"),
    "in_transit_jp": ("1002", "hanako.yamada@example.com"),
    "in_transit": ("1004", "ingrid.nordmann@example.com"),
    "attempted": ("1006", "lucia.garcia@example.com"),
    "on_hold": ("1011", "liam.wilson@example.com"),
    "cancelled": ("1014", "ethan.moore@example.com"),
    "picked_up": ("1019", "kari.hansen@example.com"),
    "ready_for_pickup": ("1020", "nils.lie@example.com"),
    "many_items": ("1024", "grace.lee@example.com"),
    "not_sent": ("1010", "olivia.brown@example.com"),
}


class Watch:
    """Collects what must never happen on a page: console errors, uncaught exceptions, failed
    requests, requests to other origins (product images included: the tests serve them from the
    portal's origin) and web fonts. A page's own 4xx/5xx status is the test's business."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []
        self._documents: set[str] = set()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _request(self, request: Request) -> None:
        if request.is_navigation_request():
            self._documents.add(request.url)
        if not request.url.startswith((self.origin + "/", "data:")):
            self.problems.append(f"request to another origin: {request.url}")
        if request.resource_type == "font":
            self.problems.append(f"web font requested: {request.url}")

    def _failed(self, request: Request) -> None:
        # Leaving a page aborts the lazy images still loading; any other failure is a problem.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and not response.request.is_navigation_request():
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # Chromium logs a page's own error status ("Failed to load resource: ... 404") too.
        if (message.text.startswith("Failed to load resource")
                and message.location.get("url") in self._documents):
            return
        self.problems.append(f"console error: {message.text} at {message.location.get('url')}")


def look_up(page: Page, number: str, email: str, path: str = "/") -> Response | None:
    """Fill the lookup form and send it as a shopper would; return the answer's response."""
    if not page.url.endswith(path) or page.locator("form.lookup").count() == 0:
        page.goto(path)
    page.get_by_label("Order number").fill(number)
    page.get_by_label("Email address").fill(email)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Find my order").click()
    return navigation.value


def open_order(page: Page, kind: str) -> None:
    """Look up one of the demo ORDERS and check that its page opened."""
    response = look_up(page, *ORDERS[kind])
    assert response is not None and response.status == 200, f"{kind}: {response}"
    assert page.url.split("?")[0].rsplit("/", 2)[-2] == "order"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.0-2.2 A and AA rules on the page and return its violations.

    axe goes in through DevTools, which the page's CSP does not govern (a <script> tag would be
    refused), so the page is checked exactly as shoppers get it, under its real policy."""
    assert AXE.exists(), f"{AXE} is missing: `npm ci --prefix tests/browser` (make test runs it)"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                resultTypes: ["violations"]});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                                      summary: n.failureSummary}))}));
    }""", WCAG_AA)


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's violations as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                     f"<{violation['url']}>")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            lines.extend("      " + line for line in (node["summary"] or "").splitlines())
    return "\n".join(lines) or json.dumps(violations)
