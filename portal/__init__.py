"""The order lookup portal: create_app builds the Flask app and every service it talks to."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import graphql_url, load_settings
from portal.lookup.customers import CustomerOrders
from portal.lookup.guesses import GuessLimits
from portal.lookup.keys import KeyMaker
from portal.lookup.links import OrderLinks
from portal.lookup.service import LookupTimes, OrderLookup
from portal.lookup.shop import ShopSettings
from portal.shipping.carriers import CarrierDirectory
from portal.shipping.delivery import TransitTimes
from portal.shipping.rules import ShippingRules
from portal.shopify.access_tokens import access_token
from portal.shopify.client import ShopifyClient
from portal.shopify.mapping import OrderMapper
from portal.store.budget import CallBudget
from portal.store.cache import OrderCache, RedisOrderCache, redis_client
from portal.store.counters import FailoverCounters
from portal.web import app_proxy as proxy
from portal.web import assets, errors, headers, i18n, logs, theme, views, webhooks
from portal.web.limits import limit_per_ip
from portal.web.services import Services

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None, *, shopify: ShopifyClient | None = None,
               cache: OrderCache | None = None) -> Flask:
    """Return the portal app; `config` replaces the environment (tests), services may be swapped."""
    settings = load_settings(os.environ if config is None else config)
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    app.config.update(settings)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      MAX_CONTENT_LENGTH=16 * 1024)
    logging.getLogger("portal").setLevel(logging.INFO)

    counters = FailoverCounters(settings["REDIS_URL"])
    client = shopify or ShopifyClient(
        graphql_url(settings), access_token(settings),
        read_timeout=min(6.0, float(settings["SHOPIFY_TIMEOUT"])),
        max_concurrent=settings["SHOPIFY_MAX_CONCURRENT"],
        budget=CallBudget(counters, settings["SHOPIFY_MAX_CALLS_PER_SECOND"]))
    order_cache = cache or RedisOrderCache(redis_client(settings["REDIS_URL"]))
    keys = KeyMaker(settings["SECRET_KEY"], settings["SHOPIFY_SHOP"])
    times = LookupTimes(order_ttl=settings["ORDER_CACHE_TTL"],
                        not_found_ttl=settings["NOT_FOUND_CACHE_TTL"],
                        not_found_floor=settings["NOT_FOUND_MIN_MS"] / 1000,
                        stale_ttl=settings["STALE_ORDER_TTL"],
                        deadline=float(settings["SHOPIFY_TIMEOUT"]))
    rules = ShippingRules(CarrierDirectory.load(), TransitTimes.load(settings["TRANSIT_TIMES_FILE"]))
    shop = ShopSettings(client, order_cache, keep_for=settings["STALE_ORDER_TTL"])
    lookup = OrderLookup(client, order_cache, keys, OrderMapper(rules), shop, times)
    app.extensions["portal"] = Services(
        lookup=lookup, shop=shop, links=OrderLinks(settings["SECRET_KEY"], settings["ORDER_LINK_TTL"]),
        cache=order_cache, keys=keys, shipping=rules,
        guesses=GuessLimits(counters, settings["RATE_LIMIT_FAILED_PER_ORDER"],
                            settings["RATE_LIMIT_FAILED_PER_EMAIL"]),
        customers=CustomerOrders(client, order_cache, keys, settings["ORDER_CACHE_TTL"],
                                 times.deadline))

    # First, so that every later hook and its log lines see the request's id.
    logs.init_app(app)
    assets.init_app(app)
    headers.init_app(app)
    proxy.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(theme.bp)
    app.register_blueprint(webhooks.bp)
    limit_per_ip(app, settings["REDIS_URL"], settings["RATE_LIMIT_PER_IP"])
    if settings["TRUSTED_PROXIES"]:
        # Outermost, so the App Proxy sees the address our own proxies vouch for.
        hops = settings["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
