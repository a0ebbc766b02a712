"""The portal's settings: one table from environment variable to typed value.

The README's settings table is checked against SETTINGS by a test, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Any
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Required:
    """Makes a setting required only while another one is set (`when`) or is not (`unless`)."""

    when: str = ""
    unless: str = ""

    def applies(self, environ: Mapping[str, str]) -> bool:
        return _is_set(environ, self.when) if self.when else not _is_set(environ, self.unless)

    def reason(self) -> str:
        return f"needed when {self.when} is set" if self.when else f"needed unless {self.unless} is set"


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[str], Any]
    default: Any
    required: bool | Required
    help: str

    def is_required(self, environ: Mapping[str, str]) -> bool:
        if isinstance(self.required, Required):
            return self.required.applies(environ)
        return self.required


def _is_set(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name)
    return raw is not None and bool(str(raw).strip())


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _shop_domain(text: str) -> str:
    domain = text.strip().lower().removeprefix("https://").rstrip("/")
    if not domain or "/" in domain:
        raise ValueError("must be a domain such as acme.myshopify.com")
    return domain


def _proxy_response(text: str) -> str:
    value = text.strip().lower()
    if value not in ("page", "liquid"):
        raise ValueError("must be page or liquid")
    return value


def _locale(text: str) -> str:
    return text.strip().replace("-", "_")


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _hex_colour(text: str) -> str:
    colour = text.strip().lower()
    if not re.fullmatch(r"#(?:[0-9a-f]{3}){1,2}", colour):
        raise ValueError("must be a hex colour such as #1f5fbf")
    return colour


def _image_url(text: str) -> str:
    url = text.strip()
    # The page's CSP loads images from itself or over HTTPS only.
    if not (url.startswith("https://") or (url.startswith("/") and not url.startswith("//"))):
        raise ValueError("must start with https:// or be a path such as /static/logo.svg")
    return url


def _networks(text: str) -> tuple[IPv4Network | IPv6Network, ...]:
    try:
        return tuple(ip_network(part, strict=False) for part in text.split())
    except ValueError:
        raise ValueError("must be addresses or networks such as 10.0.0.0/8 127.0.0.1") from None


SETTINGS: tuple[Setting, ...] = (
    Setting("SHOPIFY_SHOP", _shop_domain, None, True,
            "The store's myshopify.com domain, e.g. `acme.myshopify.com`."),
    Setting("SHOPIFY_ACCESS_TOKEN", str, None, Required(unless="SHOPIFY_CLIENT_ID"),
            "Admin API access token of a custom app made in the store's admin."),
    Setting("SHOPIFY_CLIENT_ID", str, None, False,
            "Client ID of an app made in the Dev Dashboard: the portal then gets and renews its "
            "own access tokens with `SHOPIFY_API_SECRET`, and `SHOPIFY_ACCESS_TOKEN` is not used."),
    Setting("SHOPIFY_API_VERSION", str, "2026-07", False, "Admin API version."),
    Setting("SHOPIFY_API_URL", str, None, False,
            "Full GraphQL endpoint URL; overrides "
            "`https://{SHOPIFY_SHOP}/admin/api/{version}/graphql.json` (the demo and tests use it)."),
    Setting("SHOPIFY_API_SECRET", str, None, Required(when="SHOPIFY_CLIENT_ID"),
            "The app's client secret, used to verify webhooks and App Proxy requests, and to get "
            "access tokens with `SHOPIFY_CLIENT_ID`."),
    Setting("REDIS_URL", str, None, True,
            "Redis for the order cache and the rate limits, e.g. `redis://localhost:6379/0`; "
            "also `rediss://` (TLS), `redis+sentinel://` and `redis+cluster://`."),
    Setting("SECRET_KEY", str, None, True,
            "Long random string that signs forms and order links and keys email hashes."),
    Setting("ORDER_CACHE_TTL", _positive_int, 300, False,
            "Seconds a verified order is served from the cache before Shopify is asked again."),
    Setting("STALE_ORDER_TTL", _positive_int, 86400, False,
            "Seconds the last good copy of an order is kept, to show while Shopify is failing."),
    Setting("NOT_FOUND_CACHE_TTL", _positive_int, 60, False,
            "Seconds a failed lookup is remembered, so repeated guesses cost Shopify nothing."),
    Setting("ORDER_LINK_TTL", _positive_int, 1800, False,
            "Seconds an order page link stays valid after a lookup."),
    Setting("SHOPIFY_TIMEOUT", _positive_int, 8, False,
            "Seconds a whole lookup may spend waiting on Shopify."),
    Setting("TRANSIT_TIMES_FILE", str, None, False,
            "JSON file overriding the handling and transit days used for delivery estimates "
            "(same shape as `portal/data/transit_times.json`)."),
    Setting("DELIVERY_HISTORY_MIN_PARCELS", _positive_int, 20, False,
            "Delivered parcels a carrier needs to a region (else to the whole country) before "
            "estimates rest on the store's own history rather than the carrier table."),
    Setting("SHOPIFY_MAX_CONCURRENT", _positive_int, 4, False,
            "Calls to Shopify one worker process makes at once; keep it below the gunicorn "
            "threads per worker, so a hung Shopify leaves threads for cached orders and health."),
    Setting("DEFAULT_LOCALE", _locale, "en", False,
            "Language when neither `?lang=` nor the browser picks one: `en`, `ja`, `nb` or `es`."),
    Setting("FRAME_ANCESTORS", str, "", False,
            "Space-separated origins allowed to frame the portal besides itself, e.g. "
            "`https://shop.example.com https://acme.myshopify.com`."),
    Setting("RATE_LIMIT_PER_IP", str, "10 per minute; 60 per hour", False,
            "Lookup submissions allowed from one client address (an IPv6 client is its /64); "
            "the status-page redirect counts apart."),
    Setting("RATE_LIMIT_FAILED_PER_ORDER", str, "5 per hour", False,
            "Failed lookups for one order number, from any address, before it is locked for "
            "clients that have been guessing; clients with a clean history may try up to four "
            "times as many."),
    Setting("RATE_LIMIT_FAILED_PER_EMAIL", str, "10 per hour", False,
            "Failed lookups for one email address, the same way."),
    Setting("LIMITS_FALLBACK_FILE", str, "", False,
            "SQLite file where the workers of one host keep counting failed guesses and calls "
            "while Redis is down; defaults to one per shop in the system's temporary directory."),
    Setting("SHOPIFY_MAX_CALLS_PER_SECOND", _positive_int, 4, False,
            "Store-wide cap on calls to Shopify, so a flood of guesses cannot drain the portal's "
            "own API bucket (Shopify's buckets are per app and store)."),
    Setting("NOT_FOUND_MIN_MS", _non_negative_int, 400, False,
            "A failed lookup never answers faster than this, so timing reveals nothing."),
    Setting("PROXY_RESPONSE", _proxy_response, "page", False,
            "Pages served through the Shopify App Proxy: `page` (the portal's own page) or "
            "`liquid` (inside the theme's layout)."),
    Setting("TRUSTED_PROXIES", _non_negative_int, 0, False,
            "Number of reverse proxies in front of the portal whose `X-Forwarded-For` is trusted."),
    Setting("DELIVERY_DATE_ATTRIBUTES", _names,
            _names("配送希望日,お届け希望日,配達希望日,希望配送日,お届け日,配送日,Delivery Date,"
                   "Delivery-Date,delivery_date"), False,
            "Comma-separated order attribute names that may hold the requested delivery date "
            "(お届け希望日); the first one present wins."),
    Setting("DELIVERY_TIME_ATTRIBUTES", _names,
            _names("配送希望時間,お届け希望時間,お届け時間帯,配達希望時間帯,希望時間帯,配送時間帯,"
                   "Delivery Time,Delivery-Time,delivery_time"), False,
            "Comma-separated order attribute names that may hold the requested time slot "
            "(時間帯指定)."),
    Setting("LEAVE_AT_DOOR_ATTRIBUTES", _names,
            _names("置き配,置き配希望,置き配指定,Leave at door,leave_at_door"), False,
            "Comma-separated order attribute names that may hold a leave-at-door request (置き配); "
            "any answer but a no (いいえ, 希望しない, no, false, 0) counts as a request."),
    Setting("STORE_NAME", str, "", False,
            "Store name shown in the page header and titles; defaults to the shop's name in Shopify."),
    Setting("STORE_LOGO_URL", _image_url, "", False,
            "Logo shown in the header instead of the name (`https://` or a path on the portal); "
            "drawn in a 160 x 40 box."),
    Setting("STORE_ACCENT_COLOR", _hex_colour, "", False,
            "Accent colour for buttons and links as hex, e.g. `#c2410c`; text on it and links "
            "are adjusted to keep AA contrast."),
    Setting("METRICS_TOKEN", str, "", False,
            "Turns on `GET /metrics` (Prometheus) for scrapers sending "
            "`Authorization: Bearer` and this token. Off while neither metrics setting is set."),
    Setting("METRICS_ALLOW_FROM", _networks, (), False,
            "Turns on `GET /metrics` for these space-separated addresses or networks without a "
            "token, e.g. `10.0.0.0/8 127.0.0.1`."),
)


def load_settings(environ: Mapping[str, str],
                  names: Collection[str] | None = None) -> dict[str, Any]:
    """Return every setting (or only those in `names`) parsed from `environ`, or raise
    ConfigError naming the variable."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if names is not None and setting.name not in names:
            continue
        if not _is_set(environ, setting.name):
            if setting.is_required(environ):
                why = f" ({setting.required.reason()})" if isinstance(setting.required, Required) else ""
                raise ConfigError(f"{setting.name} is not set{why}: {setting.help}")
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(str(environ[setting.name]))
        except ValueError as error:
            raise ConfigError(f"{setting.name} is malformed ({error}): {setting.help}") from None
    return values


def graphql_url(settings: Mapping[str, Any]) -> str:
    """Return the Admin GraphQL endpoint the settings point at."""
    if settings.get("SHOPIFY_API_URL"):
        return str(settings["SHOPIFY_API_URL"])
    return (f"https://{settings['SHOPIFY_SHOP']}/admin/api/"
            f"{settings['SHOPIFY_API_VERSION']}/graphql.json")


def token_url(settings: Mapping[str, Any]) -> str:
    """Return the endpoint that grants access tokens to SHOPIFY_CLIENT_ID: on the store, or on
    the host of SHOPIFY_API_URL when that is set."""
    if settings.get("SHOPIFY_API_URL"):
        parts = urlsplit(settings["SHOPIFY_API_URL"])
        return f"{parts.scheme}://{parts.netloc}/admin/oauth/access_token"
    return f"https://{settings['SHOPIFY_SHOP']}/admin/oauth/access_token"
