"""Per-client limits on the pages that make an uncached Shopify call for whoever asks, stored in
Redis next to the failed-guess counters so they hold across workers.

A view declares its limit with `@per_client`; `init_app` gives each app its own limiter (its own
storage), so several apps in one process never share counters.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RateLimitExceeded

from portal.store.connection import storage_options
from portal.web.errors import error_page
from portal.web.services import services

View = TypeVar("View", bound=Callable[..., ResponseReturnValue])
_MARK = "limited_per_client"


def per_client(view: View) -> View:
    """Limit a view to RATE_LIMIT_PER_IP per client address: for pages that ask Shopify on demand."""
    setattr(view, _MARK, True)
    return view


def client_address() -> str:
    """The client's address, hashed, for per-IP limits; never empty, since an empty key
    disables a limit."""
    return services().keys.client(request.remote_addr or "unknown")


def init_app(app: Flask) -> None:
    """Apply the per-client limit to every view declared with `per_client`, counted in Redis;
    while Redis fails each worker keeps the same limit in memory. Call after registering views."""
    limiter = Limiter(key_func=client_address, app=app, storage_uri=app.config["REDIS_URL"],
                      storage_options=storage_options(app.config["REDIS_URL"]),
                      strategy="fixed-window", in_memory_fallback_enabled=True, key_prefix="ip",
                      headers_enabled=False, swallow_errors=True)
    spec = app.config["RATE_LIMIT_PER_IP"]
    limited = {endpoint for endpoint, view in app.view_functions.items() if getattr(view, _MARK, False)}
    for endpoint in limited:
        app.view_functions[endpoint] = limiter.limit(spec)(app.view_functions[endpoint])
    # Every other page skips the limiter's work altogether (about a tenth of a cached page's cost).
    limiter.request_filter(lambda: request.endpoint not in limited)

    @app.errorhandler(RateLimitExceeded)
    def _too_many(error: RateLimitExceeded) -> ResponseReturnValue:
        services().metrics.refused("per_ip")
        limit = limiter.current_limit
        wait = int(limit.reset_at - time.time()) + 1 if limit else 60
        return error_page(429, {"Retry-After": str(max(1, wait))})
