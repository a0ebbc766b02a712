"""The order lookup portal: create_app builds the Flask app and every service it talks to."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.clock import SYSTEM_CLOCK, Clock
from portal.config import graphql_url, load_settings
from portal.lookup.customers import CustomerOrders
from portal.lookup.deliveries import DeliveryLearning
from portal.lookup.guesses import GuessLimits
from portal.lookup.invalidation import CacheIndex
from portal.lookup.keys import KeyMaker
from portal.lookup.links import OrderLinks
from portal.lookup.reader import OrderReader, ReadTimes
from portal.lookup.service import LookupTimes, OrderLookup
from portal.lookup.shop import ShopSettings
from portal.lookup.source import OrderSource
from portal.metrics import Metrics
from portal.shipping.carriers import CarrierDirectory
from portal.shipping.delivery import TransitTimes
from portal.shipping.rules import ShippingRules
from portal.shopify.access_tokens import access_token
from portal.shopify.attributes import AttributeNames
from portal.shopify.bulk import BulkQuery
from portal.shopify.client import ShopifyClient
from portal.shopify.deliveries import ShopifyDeliveries
from portal.shopify.mapping import OrderMapper
from portal.shopify.orders import ShopifyOrders
from portal.store.budget import CallBudget
from portal.store.cache import OrderCache, RedisOrderCache
from portal.store.connection import redis_client
from portal.store.counters import FailoverCounters, RateLimit
from portal.store.flight import SingleFlight
from portal.store.learned import LearnedFigures
from portal.store.local_counters import LocalCounters
from portal.web import (
    app_proxy,
    assets,
    cli,
    errors,
    headers,
    i18n,
    limits,
    logs,
    theme,
    urls,
    views,
    webhooks,
)
from portal.web import metrics as metrics_endpoint
from portal.web.application import PortalFlask
from portal.web.services import Services

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None, *, source: OrderSource | None = None,
               cache: OrderCache | None = None, clock: Clock = SYSTEM_CLOCK,
               metrics: Metrics | None = None) -> Flask:
    """Return the portal app; `config` replaces the environment (tests), services may be swapped."""
    settings = load_settings(os.environ if config is None else config)
    app = PortalFlask(__name__, template_folder=str(ROOT / "templates"),
                      static_folder=str(ROOT / "static"))
    app.config.update(settings)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      MAX_CONTENT_LENGTH=16 * 1024)
    logging.getLogger("portal").setLevel(logging.INFO)
    app.extensions["portal"] = build_services(settings, source, cache, clock,
                                              metrics or metrics_endpoint.metrics_for(settings))

    # First, so that every later hook and its log lines see the request's id.
    logs.init_app(app)
    urls.init_app(app)
    assets.init_app(app)
    headers.init_app(app)
    app_proxy.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(theme.bp)
    app.register_blueprint(webhooks.bp)
    metrics_endpoint.init_app(app)
    limits.init_app(app)
    if settings["TRUSTED_PROXIES"]:
        # Outermost, so the App Proxy sees the address our own proxies vouch for.
        hops = settings["TRUSTED_PROXIES"]
        proxy_fix = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = proxy_fix  # type: ignore[method-assign]  # as in app_proxy.init_app
    return app


def build_services(settings: Mapping[str, Any], source: OrderSource | None,
                   cache: OrderCache | None, clock: Clock, recorder: Metrics) -> Services:
    """Every service of one app instance: the one place that builds clients from settings."""
    # `clock` runs the portal's own lifetimes (links, tokens, cached copies, outage pauses). Waits
    # for Shopify's bucket, the call budget and another worker's lookup stay on real time, since
    # what they wait for happens outside this process.
    counters = FailoverCounters(settings["REDIS_URL"], LocalCounters(fallback_file(settings)), clock)
    redis = redis_client(settings["REDIS_URL"])
    figures = LearnedFigures(redis, clock=clock)
    rules = ShippingRules(CarrierDirectory.load(), TransitTimes.load(settings["TRANSIT_TIMES_FILE"]),
                          history=figures.current,
                          min_parcels=settings["DELIVERY_HISTORY_MIN_PARCELS"])
    deadline = float(settings["SHOPIFY_TIMEOUT"])
    client = ShopifyClient(
        graphql_url(settings), access_token(settings, clock), read_timeout=min(6.0, deadline),
        max_concurrent=settings["SHOPIFY_MAX_CONCURRENT"], metrics=recorder,
        budget=CallBudget(counters, settings["SHOPIFY_MAX_CALLS_PER_SECOND"], recorder))
    attribute_names = AttributeNames(settings["DELIVERY_DATE_ATTRIBUTES"],
                                     settings["DELIVERY_TIME_ATTRIBUTES"],
                                     settings["LEAVE_AT_DOOR_ATTRIBUTES"])
    source = source or ShopifyOrders(client, OrderMapper(rules, attribute_names=attribute_names))
    cache = cache or RedisOrderCache(redis, clock, recorder)
    keys = KeyMaker(settings["SECRET_KEY"], settings["SHOPIFY_SHOP"])
    stale_ttl = settings["STALE_ORDER_TTL"]
    shop = ShopSettings(source, cache, keep_for=stale_ttl, clock=clock)
    index = CacheIndex(cache, keys, stale_ttl, clock)
    flight = SingleFlight(cache, wait_seconds=deadline)
    guesses = GuessLimits(counters, settings["RATE_LIMIT_FAILED_PER_ORDER"],
                          settings["RATE_LIMIT_FAILED_PER_EMAIL"])
    times = LookupTimes(not_found_ttl=settings["NOT_FOUND_CACHE_TTL"],
                        not_found_floor=settings["NOT_FOUND_MIN_MS"] / 1000, stale_ttl=stale_ttl,
                        deadline=deadline)
    return Services(
        lookup=OrderLookup(source, cache, keys, shop, guesses, index, flight, times, clock),
        reader=OrderReader(source, cache, keys, shop, index, flight,
                           ReadTimes(settings["ORDER_CACHE_TTL"], stale_ttl, deadline), clock),
        shop=shop, links=OrderLinks(settings["SECRET_KEY"], settings["ORDER_LINK_TTL"], clock),
        keys=keys, shipping=rules,
        customers=CustomerOrders(source, cache, keys, settings["ORDER_CACHE_TTL"], deadline),
        index=index, metrics=recorder, client_limit=RateLimit(counters, settings["RATE_LIMIT_PER_IP"]),
        deliveries=DeliveryLearning(ShopifyDeliveries(BulkQuery(client), rules), shop, figures,
                                    clock))


def fallback_file(settings: Mapping[str, Any]) -> Path:
    """Where the host's workers count while Redis is down: the same file for every worker of
    one deployment, so none starts from zero."""
    if settings["LIMITS_FALLBACK_FILE"]:
        return Path(settings["LIMITS_FALLBACK_FILE"])
    deployment = hashlib.sha256(f"{settings['SHOPIFY_SHOP']} {settings['REDIS_URL']}".encode())
    return Path(tempfile.gettempdir()) / f"portal-limits-{deployment.hexdigest()[:16]}.sqlite3"
