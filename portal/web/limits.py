"""Per-client limits on the pages that make an uncached Shopify call for whoever asks, stored in
Redis next to the failed-guess counters so they hold across workers."""

from __future__ import annotations

import time

from flask import Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded

from portal.store.cache import redis_options
from portal.web.errors import error_page


def client_address() -> str:
    """The client's address, hashed, for per-IP limits; never empty, since an empty key
    disables a limit."""
    return current_app.extensions["portal"].keys.client(request.remote_addr or "unknown")


# The pages that make an uncached Shopify call for whoever asks: lookups, and the redirect to
# Shopify's status page, which mints a fresh link on every click.
LIMITED_ENDPOINTS = ("portal.lookup_submit", "portal.status_page")


def limit_per_ip(app: Flask, redis_url: str, spec: str) -> Limiter:
    """Apply the per-IP limit to every page that asks Shopify on demand, stored in Redis so it
    holds across workers; while Redis fails each worker keeps the same limit in memory."""
    limiter = Limiter(key_func=client_address, app=app, storage_uri=redis_url,
                      storage_options={**redis_options(), "key_prefix": "portal:v1:limits"},
                      strategy="fixed-window", in_memory_fallback_enabled=True, key_prefix="ip",
                      headers_enabled=False, swallow_errors=True)
    for endpoint in LIMITED_ENDPOINTS:
        app.view_functions[endpoint] = limiter.limit(spec)(app.view_functions[endpoint])

    @app.errorhandler(RateLimitExceeded)
    def _too_many(error: RateLimitExceeded):
        limit = limiter.current_limit
        wait = int(limit.reset_at - time.time()) + 1 if limit else 60
        return error_page(429, {"Retry-After": str(max(1, wait))})

    return limiter
