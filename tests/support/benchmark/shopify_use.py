"""What a phase asked of Shopify, from the fake store's call log: calls and the points charged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from portal.demo.calls import Call
from portal.demo.fake_shopify import FakeShopify

SEARCH = "PortalCandidates"
ORDER = "PortalOrder"


@dataclass(frozen=True)
class Usage:
    """Calls by operation, and the points Shopify charged (actualQueryCost; a throttled or
    refused call is charged nothing)."""

    calls: Counter[str]
    points: int
    throttled: int

    @classmethod
    def of(cls, calls: list[Call]) -> Usage:
        return cls(Counter(call.operation or "?" for call in calls),
                   sum(call.actual_cost or 0 for call in calls),
                   sum(1 for call in calls if "Throttled" in call.errors))

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.calls + other.calls, self.points + other.points,
                     self.throttled + other.throttled)

    def describe(self) -> str:
        kinds = ", ".join(f"{count} {name}" for name, count in sorted(self.calls.items()))
        throttled = f", {self.throttled} throttled" if self.throttled else ""
        return f"{self.total} calls ({kinds or 'none'}{throttled}), {self.points} points"


class CallWatch:
    """The calls made since the watch was (re)started; waits for calls still being answered."""

    def __init__(self, shopify: FakeShopify) -> None:
        self._shopify = shopify
        self.restart()

    def restart(self) -> None:
        self._shopify.wait_idle()
        self._shopify.reset_calls()

    def usage(self) -> Usage:
        self._shopify.wait_idle()
        return Usage.of(self._shopify.calls())
