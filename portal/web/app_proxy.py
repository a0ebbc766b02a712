"""Shopify App Proxy: requests Shopify forwards from https://{shop}/{prefix}/{subpath}/... arrive at
/proxy/...; this verifies Shopify's signature and makes each one look like an ordinary request made
under the shop's path prefix, so every link, form action and redirect the portal builds stays there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from flask import Flask, Response, abort, current_app, request

from portal.shopify.signatures import ProxyRequest, verify

MOUNT = "/proxy"
_PROXY_PARAMS = frozenset({"shop", "path_prefix", "timestamp", "signature", "logged_in_customer_id"})
# Only the templates write tags (what the shop or the shopper typed is escaped), so every opening
# <a, <img or <link in the page is ours.
_FETCHING_TAG = re.compile(r"<(a|img|link)(?=[\s>])")
class AppProxy:
    """WSGI middleware for /proxy: verify, then re-mount the request under the shop's prefix."""

    def __init__(self, app: WSGIApplication, secret: str | None, trusted_hops: int, shop: str,
                 clock: Callable[[], float] = time.time) -> None:
        self._app = app
        self._secret = secret or ""
        self._shop = shop
        self._hops = trusted_hops
        self._clock = clock

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path != MOUNT and not path.startswith(MOUNT + "/"):
            return self._app(environ, start_response)
        proxied = verify(environ.get("QUERY_STRING", ""), self._secret, self._clock(), self._shop)
        if proxied is None:
            environ["portal.proxy_denied"] = True
            environ["PATH_INFO"] = "/"
            environ["QUERY_STRING"] = ""
            return self._app(environ, start_response)
        self._remount(environ, path, proxied)
        return self._app(environ, _without_cookies(start_response))

    def _remount(self, environ: dict[str, Any], path: str, proxied: ProxyRequest) -> None:
        environ["portal.proxy"] = proxied
        environ["SCRIPT_NAME"] = proxied.path_prefix
        environ["PATH_INFO"] = path[len(MOUNT):] or "/"
        kept = [(k, v) for k, v in parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
                if k not in _PROXY_PARAMS]
        environ["QUERY_STRING"] = urlencode(kept)
        # Shopify strips cookies anyway; dropping them here makes the flow provably cookie-free.
        environ.pop("HTTP_COOKIE", None)
        shopper = self._shopper_address(environ)
        if shopper:
            environ["REMOTE_ADDR"] = shopper

    def _shopper_address(self, environ: dict[str, Any]) -> str | None:
        # Shopify appends the shopper's address to X-Forwarded-For; our own trusted proxies
        # (TRUSTED_PROXIES) append theirs after it. Anything further left may be forged.
        forwarded = [part.strip() for part in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if part.strip()]
        index = len(forwarded) - 1 - self._hops
        return forwarded[index] if index >= 0 else None


def _without_cookies(start_response: StartResponse) -> StartResponse:
    def start(status: str, headers: list[tuple[str, str]],
              exc_info: Any = None) -> Callable[[bytes], object]:
        return start_response(status, [(k, v) for k, v in headers if k.lower() != "set-cookie"],
                              exc_info)
    return start


def current() -> ProxyRequest | None:
    """The verified App Proxy facts of the request being served, or None for a direct request."""
    return request.environ.get("portal.proxy")


def posted_from_the_store() -> bool:
    """True for a proxied request that the browser says came from a page of the store itself."""
    if current() is None:
        return False
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = urlsplit(request.headers.get("Origin", "")).netloc.lower()
    return bool(origin) and origin == request.headers.get("X-Forwarded-Host", "").lower()


def _refuse_unsigned() -> None:
    if request.environ.get("portal.proxy_denied"):
        abort(401)


def _layout() -> dict[str, str]:
    liquid = current() is not None and current_app.config["PROXY_RESPONSE"] == "liquid"
    return {"layout": "layout_liquid.html" if liquid else "base.html"}


def _as_liquid(response: Response) -> Response:
    """Hand the page to Shopify as Liquid, rendered inside the theme's layout.

    Liquid would run any '{{' or '{%' in a product title or in what the shopper typed, so every
    brace in the page becomes an HTML entity: browsers show the same text, Liquid sees none.
    Inside the theme our headers are gone and the theme's referrer policy rules, so every link and
    image says itself that the order page's URL (a bearer link) goes to no other site."""
    if current() is None or current_app.config["PROXY_RESPONSE"] != "liquid" \
            or response.mimetype != "text/html" or response.direct_passthrough:
        return response
    body = response.get_data(as_text=True).replace("{", "&#123;").replace("}", "&#125;")
    body = _FETCHING_TAG.sub(r'<\1 referrerpolicy="no-referrer"', body)
    response.set_data(body)
    response.content_type = "application/liquid; charset=utf-8"
    return response


def init_app(app: Flask) -> None:
    proxied = AppProxy(app.wsgi_app, app.config.get("SHOPIFY_API_SECRET"),
                       app.config["TRUSTED_PROXIES"], app.config["SHOPIFY_SHOP"])
    # Flask's documented way to add WSGI middleware; mypy objects to any assignment to a method.
    app.wsgi_app = proxied  # type: ignore[method-assign]
    app.before_request(_refuse_unsigned)
    app.context_processor(_layout)
    app.after_request(_as_liquid)
