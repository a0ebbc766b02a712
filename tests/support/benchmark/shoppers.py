"""Shoppers using the portal as a browser does: the form, its CSRF token, the redirect, the page."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import requests

from tests.support.benchmark.orders import Shopper

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# Each browser gets an address of its own (TEST-NET-3 and TEST-NET-2), as the load balancer in
# front reports it: one address for the whole crowd would meet the per-client limits, which the
# benchmark does not measure.
_ADDRESSES = (f"{net}.{n % 250 + 1}" for n in itertools.count()
              for net in ("203.0.113", "198.51.100"))
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Visit:
    """One lookup: the answer to the form and, when it opened an order, the page's path."""

    status: int
    page: str | None
    seconds: float


class Browser:
    """One shopper's browser on the portal: a cookie jar, and the form already on screen."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = next(_ADDRESSES)
        self._token = ""

    def open_form(self) -> None:
        form = self.session.get(self.base + "/", timeout=30)
        match = _CSRF.search(form.text)
        if form.status_code != 200 or not match:
            raise RuntimeError(f"the lookup form did not load ({form.status_code})")
        self._token = match.group(1)

    def submit(self, shopper: Shopper, follow: bool = True) -> Visit:
        """Submit the form and, if `follow`, go on to a found order's page; the time is form to
        page (or to the redirect)."""
        started = time.perf_counter()
        answer = self.session.post(self.base + "/", timeout=30, allow_redirects=False, data={
            "csrf_token": self._token, "order_number": shopper.number, "email": shopper.email})
        if answer.status_code != 303:
            return Visit(answer.status_code, None, time.perf_counter() - started)
        page = urlsplit(answer.headers["Location"]).path
        if not follow:
            return Visit(answer.status_code, page, time.perf_counter() - started)
        shown = self.session.get(self.base + page, timeout=30)
        return Visit(shown.status_code, page, time.perf_counter() - started)


def look_up(base: str, shopper: Shopper, follow: bool = True) -> Visit:
    """One shopper's lookup from a fresh browser."""
    browser = Browser(base)
    browser.open_form()
    return browser.submit(shopper, follow)


def look_up_all(base: str, shoppers: Iterable[Shopper], at_once: int,
                follow: bool = True) -> list[Visit]:
    """Every shopper's lookup, `at_once` shoppers at a time, in the shoppers' order."""
    return in_parallel(lambda shopper: look_up(base, shopper, follow), shoppers, at_once)


def in_parallel(action: Callable[[T], R], items: Iterable[T], at_once: int) -> list[R]:
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        return list(pool.map(action, items))


def burst(base: str, shopper: Shopper, count: int) -> list[Visit]:
    """`count` browsers with the form open submit the same order at the same instant."""
    browsers = in_parallel(lambda _: _ready(base), range(count), 16)
    start = threading.Barrier(count)

    def submit(browser: Browser) -> Visit:
        start.wait(timeout=60)
        return browser.submit(shopper)

    return in_parallel(submit, browsers, count)


def _ready(base: str) -> Browser:
    browser = Browser(base)
    browser.open_form()
    return browser


def get_all(base: str, paths: Iterable[str], at_once: int) -> list[int]:
    """GET every path, `at_once` at a time; return the statuses. Each client keeps its
    connection open, as a browser does after the lookup's redirect, so that what is measured
    is the page, not a TCP handshake."""
    clients = threading.local()

    def get(path: str) -> int:
        if not hasattr(clients, "session"):
            clients.session = requests.Session()
        return int(clients.session.get(base + path, timeout=30).status_code)

    return in_parallel(get, paths, at_once)
