"""The browser tier: the portal served over real HTTP (real Redis, the fake Shopify) to Debian's
Chromium, driven by Playwright at a phone size and a desktop size.

Every page a test opens is watched (see helpers.Watch): a console error, an uncaught exception, a
failed, font or third-party request fails the test. Without Chromium the tier fails, never skips:
`make test` installs it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from portal.demo.fake_shopify import FakeShopify
from portal.demo.image_host import PREFIX, with_demo_images
from tests.browser.helpers import Watch

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google, which this network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
              "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# Lookups come from one address in quick succession here; the limits have their own tests.
GENEROUS_LIMITS = {"RATE_LIMIT_PER_IP": "1000 per minute",
                   "RATE_LIMIT_FAILED_PER_ORDER": "1000 per hour",
                   "RATE_LIMIT_FAILED_PER_EMAIL": "1000 per hour",
                   "SHOPIFY_MAX_CALLS_PER_SECOND": "1000"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the per-request line; errors are still logged."""


class LiveServer:
    """One HTTP server for the session; each test plugs in its own freshly built app."""

    def __init__(self) -> None:
        self.app: Callable[..., Any] | None = None
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, self._wsgi, threaded=True,
                                                   request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    def _wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None, "no app is being served"
        return self.app(environ, start_response)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    with LiveServer() as server:
        yield server


@pytest.fixture
def portal_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    """Settings for the served portal; tests pass theirs with `parametrize(..., indirect=True)`."""
    return getattr(request, "param", {})


@pytest.fixture
def portal(make_app, shopify: FakeShopify, live_server: LiveServer,
           portal_settings: dict[str, str]) -> Iterator[str]:
    """The portal's base URL, served for real; product images come from its own origin."""
    app = make_app(**GENEROUS_LIMITS, **portal_settings)
    app.config["TESTING"] = False  # answer errors as in production
    live_server.app = with_demo_images(app.wsgi_app)
    shopify.image_base_url = live_server.url + PREFIX
    yield live_server.url
    shopify.image_base_url = None
    live_server.app = None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make test` does, as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def open_page(browser: Browser, portal: str) -> Iterator[Callable[..., Page]]:
    """Open a page in a new, empty browser context; after the test, every page must be clean."""
    contexts, watches = [], []

    def open_(size: str = "phone", **options: Any) -> Page:
        context = browser.new_context(base_url=portal, locale="en-US",
                                      **{**VIEWPORTS[size], **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watches.append(Watch(page, portal))
        return page

    yield open_
    for context in contexts:
        context.close()
    problems = [problem for watch in watches for problem in watch.problems]
    assert not problems, "the browser reported problems:\n  " + "\n  ".join(problems)
