"""Limits that hold across workers and instances: failed guesses per order number and per email,
and a store-wide cap on Shopify calls.

All counters live in Redis, next to flask-limiter's per-IP limits. When Redis fails, each worker
counts in memory instead (logged once): the limits stay, per worker, rather than vanish.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import redis
from flask import Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter

from .cache import redis_options
from .errors import error_page
from .outage import Outage
from .shopify import Deadline, ShopifyUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
_RETRY_PRIMARY_AFTER = 5.0


class FailoverCounters:
    """Fixed-window counters in Redis, falling back to this process's memory while Redis fails."""

    def __init__(self, redis_url: str) -> None:
        self._primary = RedisStorage(redis_url, key_prefix="portal:v1:limits",
                                     wrap_exceptions=True, **redis_options())
        self._fallback = MemoryStorage()
        self._outage = Outage(log, "outage backend=redis use=rate_limits state=down error=%s "
                              "effect=counting_in_memory_per_worker",
                              "outage backend=redis use=rate_limits state=up", _RETRY_PRIMARY_AFTER)

    def run(self, action: Callable[[Storage], T]) -> T:
        """Run `action` on Redis, or on memory while Redis is failing."""
        if self._outage.pausing():
            return action(self._fallback)
        try:
            result = action(self._primary)
        except (StorageError, redis.RedisError) as error:
            self._outage.failed(error)
            return action(self._fallback)
        self._outage.answered()
        return result

    def hit(self, item: RateLimitItem, key: str) -> bool:
        """Count one under `key`, atomically; False when that goes past the limit."""
        return self.run(lambda storage: FixedWindowRateLimiter(storage).hit(item, key))

    def give_back(self, item: RateLimitItem, key: str) -> None:
        """Undo one `hit`."""
        self.run(lambda storage: storage.incr(item.key_for(key), item.get_expiry(), amount=-1))

    def seconds_left(self, item: RateLimitItem, key: str) -> float:
        """Seconds until the limit on `key` opens again; 0 when it is open."""
        stats = self.run(lambda storage: FixedWindowRateLimiter(storage).get_window_stats(item, key))
        return max(0.0, stats.reset_time - time.time()) if stats.remaining <= 0 else 0.0


@dataclass(frozen=True)
class Reservation:
    """Counted attempts, given back when the lookup succeeds."""

    keys: tuple[tuple[RateLimitItem, str], ...]


class GuessLimits:
    """Failed lookups per order number and per email, counted before the lookup so that a burst of
    concurrent guesses cannot slip past (test-then-count is not atomic; an increment is)."""

    def __init__(self, counters: FailoverCounters, per_order: str, per_email: str) -> None:
        self._counters = counters
        self._per_order = parse_many(per_order)
        self._per_email = parse_many(per_email)

    def reserve(self, order_key: str, email_key: str) -> Reservation | None:
        """Count one attempt against both facts; None (nothing counted) when either is locked."""
        wanted = [(item, "order:" + order_key) for item in self._per_order] + \
                 [(item, "email:" + email_key) for item in self._per_email]
        taken: list[tuple[RateLimitItem, str]] = []
        for item, key in wanted:
            allowed = self._counters.hit(item, key)
            taken.append((item, key))
            if not allowed:
                self.release(Reservation(tuple(taken)))
                return None
        return Reservation(tuple(taken))

    def release(self, reservation: Reservation) -> None:
        """Give the counted attempts back: the lookup succeeded, so they were not guesses."""
        for item, key in reservation.keys:
            self._counters.give_back(item, key)

    def retry_after(self, order_key: str, email_key: str) -> int:
        """Seconds until the longest lock on these facts ends."""
        waits = [self._counters.seconds_left(item, key)
                 for items, key in ((self._per_order, "order:" + order_key),
                                    (self._per_email, "email:" + email_key))
                 for item in items]
        return max(1, int(max(waits, default=0)) + 1)


class CallBudget:
    """A store-wide cap on Shopify calls per second, so a flood of unique guesses from many IPs
    cannot drain the API bucket that the store's other apps share."""

    def __init__(self, counters: FailoverCounters, calls_per_second: int) -> None:
        self._counters = counters
        self._item = parse_many(f"{calls_per_second} per second")[0]

    def spend(self, deadline: Deadline) -> None:
        """Wait for a free call, at most a second (a waiting request holds a worker thread),
        or raise ShopifyUnavailable."""
        give_up = deadline.capped(1.0)
        while True:
            if self._counters.hit(self._item, "shopify"):
                return
            if give_up.remaining() < 0.05:
                raise ShopifyUnavailable("store-wide Shopify call budget spent")
            time.sleep(0.05)


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
