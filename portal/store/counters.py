"""Fixed-window counters that hold across workers and instances, kept in Redis.

When Redis fails, each worker counts in memory instead (logged once): the limits stay, per worker,
rather than vanish.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage
from limits.strategies import FixedWindowRateLimiter

from portal.store.connection import REDIS_ERRORS, counter_storage
from portal.store.outage import Outage

log = logging.getLogger(__name__)

T = TypeVar("T")
_RETRY_PRIMARY_AFTER = 5.0


class FailoverCounters:
    """Fixed-window counters in Redis, falling back to this process's memory while Redis fails."""

    def __init__(self, redis_url: str) -> None:
        # REDIS_URL's scheme picks the storage: one server, TLS, Sentinel or Cluster.
        self._primary = counter_storage(redis_url)
        self._fallback = MemoryStorage()
        self._outage = Outage(log, "event=outage backend=redis use=rate_limits state=down error=%s "
                              "effect=counting_in_memory_per_worker",
                              "event=outage backend=redis use=rate_limits state=up", _RETRY_PRIMARY_AFTER)

    def run(self, action: Callable[[Storage], T]) -> T:
        """Run `action` on Redis, or on memory while Redis is failing."""
        if self._outage.pausing():
            return action(self._fallback)
        try:
            result = action(self._primary)
        except (StorageError, *REDIS_ERRORS) as error:
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
