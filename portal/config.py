"""The portal's settings: one table from environment variable to typed value.

The README's settings table is checked against SETTINGS by a test, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[str], Any]
    default: Any
    required: bool
    help: str


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


def _locale(text: str) -> str:
    return text.strip().replace("-", "_")


SETTINGS: tuple[Setting, ...] = (
    Setting("SHOPIFY_SHOP", _shop_domain, None, True,
            "The store's myshopify.com domain, e.g. `acme.myshopify.com`."),
    Setting("SHOPIFY_ACCESS_TOKEN", str, None, True,
            "Admin API access token of the store's custom app."),
    Setting("SHOPIFY_API_VERSION", str, "2026-07", False, "Admin API version."),
    Setting("SHOPIFY_API_URL", str, None, False,
            "Full GraphQL endpoint URL; overrides "
            "`https://{SHOPIFY_SHOP}/admin/api/{version}/graphql.json` (the demo and tests use it)."),
    Setting("SHOPIFY_API_SECRET", str, None, False,
            "The app's client secret, used to verify webhooks and App Proxy requests."),
    Setting("REDIS_URL", str, None, True,
            "Redis for the order cache and the rate limits, e.g. `redis://localhost:6379/0`."),
    Setting("SECRET_KEY", str, None, True,
            "Long random string that signs forms and order links and keys email hashes."),
    Setting("ORDER_CACHE_TTL", _positive_int, 300, False,
            "Seconds a verified order is served from the cache before Shopify is asked again."),
    Setting("NOT_FOUND_CACHE_TTL", _positive_int, 60, False,
            "Seconds a failed lookup is remembered, so repeated guesses cost Shopify nothing."),
    Setting("ORDER_LINK_TTL", _positive_int, 1800, False,
            "Seconds an order page link stays valid after a lookup."),
    Setting("SHOPIFY_TIMEOUT", _positive_int, 8, False,
            "Seconds a whole lookup may spend waiting on Shopify."),
    Setting("TRANSIT_TIMES_FILE", str, None, False,
            "JSON file overriding the handling and transit days used for delivery estimates "
            "(same shape as `portal/data/transit_times.json`)."),
    Setting("DEFAULT_LOCALE", _locale, "en", False,
            "Language when neither `?lang=` nor the browser picks one: `en`, `ja`, `nb` or `es`."),
    Setting("FRAME_ANCESTORS", str, "", False,
            "Space-separated origins allowed to frame the portal besides itself, e.g. "
            "`https://shop.example.com https://acme.myshopify.com`."),
    Setting("TRUSTED_PROXIES", _non_negative_int, 0, False,
            "Number of reverse proxies in front of the portal whose `X-Forwarded-For` is trusted."),
)


def load_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return every setting parsed from `environ`, or raise ConfigError naming the variable."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        if raw is None or not str(raw).strip():
            if setting.required:
                raise ConfigError(f"{setting.name} is not set: {setting.help}")
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(str(raw))
        except ValueError as error:
            raise ConfigError(f"{setting.name} is malformed ({error}): {setting.help}") from None
    return values


def graphql_url(settings: Mapping[str, Any]) -> str:
    """Return the Admin GraphQL endpoint the settings point at."""
    if settings.get("SHOPIFY_API_URL"):
        return settings["SHOPIFY_API_URL"]
    return (f"https://{settings['SHOPIFY_SHOP']}/admin/api/"
            f"{settings['SHOPIFY_API_VERSION']}/graphql.json")
