"""RecordedMetrics: the portal's Metrics kept in memory, for tests that read what was counted."""

from __future__ import annotations

from collections import Counter


class RecordedMetrics:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, ...]] = Counter()
        self.latencies: list[tuple[str, float]] = []

    def lookup(self, outcome: str) -> None:
        self.counts["lookup", outcome] += 1

    def cache_read(self, entry: str, hit: bool) -> None:
        self.counts["cache", entry, "hit" if hit else "miss"] += 1

    def shopify_call(self, outcome: str) -> None:
        self.counts["shopify_call", outcome] += 1

    def shopify_cost(self, points: float) -> None:
        self.counts["shopify_cost",] += int(points)

    def refused(self, limit: str) -> None:
        self.counts["refused", limit] += 1

    def redis_outage(self) -> None:
        self.counts["redis_outage",] += 1

    def webhook(self, topic: str, outcome: str) -> None:
        self.counts["webhook", topic, outcome] += 1

    def request(self, route: str, seconds: float) -> None:
        self.latencies.append((route, seconds))
