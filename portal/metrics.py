"""Metrics: what the portal counts for its operators, as one small interface.

Every layer records events through it (the cache its hits, the Shopify adapter its calls, the web
layer its pages), so none of them imports a metrics library: the app factory passes in the
Prometheus implementation when metrics are on, and NO_METRICS otherwise. Label values are fixed
words chosen by the code (an outcome, a route's endpoint name, a known webhook topic), never
anything a shopper typed: no email, order name or token can reach a label.
"""

from __future__ import annotations

from typing import Protocol


class Metrics(Protocol):
    def lookup(self, outcome: str) -> None:
        """A lookup form was answered: found, not_found, locked, invalid."""

    def cache_read(self, entry: str, hit: bool) -> None:
        """The cache was read for an entry kind (lookup, order, shop, customer)."""

    def shopify_call(self, outcome: str) -> None:
        """A request was sent to Shopify: ok, throttled, error, rejected, unreachable."""

    def shopify_cost(self, points: float) -> None:
        """Shopify reported a call's actual query cost."""

    def refused(self, limit: str) -> None:
        """A limit refused a request: per_ip, failed_guesses, call_budget."""

    def redis_outage(self) -> None:
        """Redis stopped answering (counted once per outage, not per failed call)."""

    def webhook(self, topic: str, outcome: str) -> None:
        """A webhook delivery was answered."""

    def request(self, route: str, seconds: float) -> None:
        """A request to a route (its endpoint name) took this long."""


class _NoMetrics:
    """Counts nothing: metrics are off."""

    def lookup(self, outcome: str) -> None:
        pass

    def cache_read(self, entry: str, hit: bool) -> None:
        pass

    def shopify_call(self, outcome: str) -> None:
        pass

    def shopify_cost(self, points: float) -> None:
        pass

    def refused(self, limit: str) -> None:
        pass

    def redis_outage(self) -> None:
        pass

    def webhook(self, topic: str, outcome: str) -> None:
        pass

    def request(self, route: str, seconds: float) -> None:
        pass


NO_METRICS: Metrics = _NoMetrics()
