"""GET /metrics for Prometheus, and the Prometheus side of portal.metrics.

Under gunicorn each worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py
sets it when metrics are on) every worker writes its counts to files there and a scrape adds
them up, so the figures cover all workers whichever one answers the scrape.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Mapping
from ipaddress import ip_address
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from portal.metrics import NO_METRICS, Metrics
from portal.web.services import services

bp = Blueprint("metrics", __name__)

# Cached pages answer in milliseconds, lookups wait on Shopify for up to SHOPIFY_TIMEOUT.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class PrometheusMetrics:
    """Counters and histograms in a registry of this app's own, so two apps in one process
    (as in tests) never share or collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self._lookups = Counter("portal_lookups", "Lookup forms answered, by outcome.",
                                ["outcome"], registry=r)
        self._cache = Counter("portal_cache_reads", "Cache reads by entry kind, hit or miss.",
                              ["entry", "result"], registry=r)
        self._calls = Counter("portal_shopify_calls", "Requests sent to Shopify, by outcome.",
                              ["outcome"], registry=r)
        self._cost = Counter("portal_shopify_cost_points", "Query cost points Shopify charged.",
                             registry=r)
        self._refused = Counter("portal_rate_limit_refusals", "Requests a limit refused, by limit.",
                                ["limit"], registry=r)
        self._outages = Counter("portal_redis_outages", "Times Redis stopped answering.",
                                registry=r)
        self._webhooks = Counter("portal_webhook_deliveries", "Webhook deliveries answered.",
                                 ["topic", "outcome"], registry=r)
        self._latency = Histogram("portal_request_duration_seconds", "Time to answer, by route.",
                                  ["route"], buckets=_LATENCY_BUCKETS, registry=r)

    def lookup(self, outcome: str) -> None:
        self._lookups.labels(outcome).inc()

    def cache_read(self, entry: str, hit: bool) -> None:
        self._cache.labels(entry, "hit" if hit else "miss").inc()

    def shopify_call(self, outcome: str) -> None:
        self._calls.labels(outcome).inc()

    def shopify_cost(self, points: float) -> None:
        self._cost.inc(points)

    def refused(self, limit: str) -> None:
        self._refused.labels(limit).inc()

    def redis_outage(self) -> None:
        self._outages.inc()

    def webhook(self, topic: str, outcome: str) -> None:
        self._webhooks.labels(topic, outcome).inc()

    def request(self, route: str, seconds: float) -> None:
        self._latency.labels(route).observe(seconds)

    def exposition(self) -> bytes:
        """Every worker's figures when they share a directory, else this process's."""
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return generate_latest(self.registry)
        combined = CollectorRegistry()
        MultiProcessCollector(combined)
        return generate_latest(combined)


def metrics_for(settings: Mapping[str, Any]) -> Metrics:
    """The Prometheus metrics when a setting lets someone read them, else none at all."""
    return PrometheusMetrics() if _enabled(settings) else NO_METRICS


def _enabled(settings: Mapping[str, Any]) -> bool:
    return bool(settings["METRICS_TOKEN"] or settings["METRICS_ALLOW_FROM"])


def init_app(app: Flask) -> None:
    """Time every request by route and serve /metrics, when metrics are on."""
    if not _enabled(app.config):
        return
    app.register_blueprint(bp)

    @app.before_request
    def _start_clock() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            # The endpoint's name, never the path: paths carry order tokens.
            services().metrics.request(request.endpoint or "unmatched",
                                       time.perf_counter() - started)
        return response


@bp.get("/metrics")
def scrape() -> Response:
    if not _may_read():
        return Response("forbidden\n", status=403, mimetype="text/plain")
    metrics = services().metrics
    if not isinstance(metrics, PrometheusMetrics):
        # The app was given other metrics (a test's): there is nothing to expose.
        return Response("no metrics\n", status=404, mimetype="text/plain")
    return Response(metrics.exposition(), mimetype=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def _may_read() -> bool:
    """The bearer token matches METRICS_TOKEN, or the client is in METRICS_ALLOW_FROM."""
    token = current_app.config["METRICS_TOKEN"]
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in current_app.config["METRICS_ALLOW_FROM"])
