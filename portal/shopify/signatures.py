"""Shopify's signatures: the App Proxy's on a forwarded request's query, and the webhooks' on a
delivery's body. Both are HMAC-SHA256 with the app's client secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl

MAX_CLOCK_SKEW = 90
# Shopify sets each of these once; a second copy could only come from the shopper's own query.
_SINGLE = ("shop", "path_prefix", "timestamp", "signature", "logged_in_customer_id")
# One leading slash only: "//host" would turn every link and redirect into another origin's.
_PATH_PREFIX = re.compile(r"/[A-Za-z0-9_.-][A-Za-z0-9/_.-]{0,99}")
_SHOP = re.compile(r"[a-z0-9][a-z0-9-]*\.myshopify\.com")


@dataclass(frozen=True)
class ProxyRequest:
    """What a verified App Proxy request tells about itself."""

    shop: str
    path_prefix: str
    customer_id: str | None


def signed_message(pairs: Iterable[tuple[str, str]]) -> str:
    """Shopify's message: sorted 'key=value' pairs, repeated keys joined by ',', no separator."""
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        if key != "signature":
            values.setdefault(key, []).append(value)
    return "".join(f"{key}={','.join(values[key])}" for key in sorted(values))


def sign(pairs: Iterable[tuple[str, str]], secret: str) -> str:
    """Return the hex HMAC-SHA256 Shopify puts in `signature`."""
    return hmac.new(secret.encode(), signed_message(pairs).encode(), hashlib.sha256).hexdigest()


def verify(query_string: str, secret: str, now: float, shop: str | None = None) -> ProxyRequest | None:
    """Return the request's proxy facts when Shopify signed it recently (for `shop`, when
    given), else None."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    required = ("shop", "timestamp", "signature")
    if not secret or any(counts.get(key) != 1 for key in required) \
            or any(counts.get(key, 0) > 1 for key in _SINGLE):
        return None
    params = dict(pairs)
    expected = sign(pairs, secret)
    if not hmac.compare_digest(expected.encode(), params["signature"].lower().encode()):
        return None
    try:
        if abs(now - int(params["timestamp"])) > MAX_CLOCK_SKEW:
            return None
    except ValueError:
        return None
    prefix = params.get("path_prefix", "")
    if not _PATH_PREFIX.fullmatch(prefix) or ".." in prefix or "//" in prefix \
            or not _SHOP.fullmatch(params["shop"]) or (shop and params["shop"] != shop):
        return None
    return ProxyRequest(shop=params["shop"], path_prefix=prefix.rstrip("/"),
                        customer_id=params.get("logged_in_customer_id") or None)


def is_signed(body: bytes, signature: str, secret: str) -> bool:
    """Return whether `signature` is Shopify's base64 HMAC-SHA256 of the raw body."""
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.strip().encode())
