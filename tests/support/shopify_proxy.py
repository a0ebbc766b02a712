"""A test double of Shopify's App Proxy: what a shopper's browser reaches at
https://{shop}/apps/track/... is forwarded to the portal's /proxy/..., signed the way Shopify signs
it, with cookies stripped in both directions. Written from Shopify's documentation, not from the
portal's code, so the two check each other."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode


class ShopifyAppProxy:
    def __init__(self, app: Callable, secret: str, *, shop: str = "demo-store.myshopify.com",
                 prefix: str = "/apps/track", customer_id: str = "",
                 shopper_ip: str = "198.51.100.77") -> None:
        self.app = app
        self.secret = secret
        self.shop = shop
        self.prefix = prefix
        self.customer_id = customer_id
        self.shopper_ip = shopper_ip
        self.cookies_seen: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not a proxied path"]
        params = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True) + [
            ("shop", self.shop), ("logged_in_customer_id", self.customer_id),
            ("path_prefix", self.prefix), ("timestamp", str(int(time.time())))]
        params.append(("signature", self.signature(params)))
        forwarded = dict(environ, PATH_INFO="/proxy" + (path[len(self.prefix):] or "/"),
                         QUERY_STRING=urlencode(params), HTTP_X_FORWARDED_FOR=self.shopper_ip,
                         HTTP_X_FORWARDED_HOST=self.shop)
        forwarded.pop("HTTP_COOKIE", None)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            self.cookies_seen += [v for k, v in headers if k.lower() == "set-cookie"]
            return start_response(status, [(k, v) for k, v in headers if k.lower() != "set-cookie"],
                                  exc_info)
        return self.app(forwarded, start)

    def signature(self, params: list[tuple[str, str]]) -> str:
        joined: dict[str, list[str]] = {}
        for key, value in params:
            joined.setdefault(key, []).append(value)
        message = "".join(f"{key}={','.join(values)}" for key, values in sorted(joined.items()))
        return hmac.new(self.secret.encode(), message.encode(), hashlib.sha256).hexdigest()
