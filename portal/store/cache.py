"""RedisOrderCache: the order cache and its locks, failing open when Redis is down or hung.

A Redis outage is logged once and read as a miss, never a broken page: the lookup then asks Shopify.
Every value goes into Redis in the one envelope of portal.store.envelope. No command names keys
of two hash slots, so the same code runs on one server and on a Redis Cluster.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, cast

import redis
from redis.cluster import RedisCluster
from redis.crc import key_slot

from portal.clock import SYSTEM_CLOCK, Clock
from portal.metrics import NO_METRICS, Metrics
from portal.store.connection import REDIS_ERRORS
from portal.store.envelope import Stored, seal, unseal
from portal.store.outage import Outage

log = logging.getLogger(__name__)

PREFIX = "portal:v1:"
# After a failure, calls skip Redis for this long instead of each waiting for a timeout.
RETRY_AFTER_SECONDS = 2.0


class OrderCache(Protocol):
    def read(self, kind: Any, key: str) -> Stored[Any] | None: ...
    def write(self, key: str, value: Any, ttl: int, written_at: float | None = None) -> None: ...
    def delete(self, *keys: str) -> None: ...
    def remember(self, index: str, key: str, ttl: int) -> None: ...
    def forget(self, index: str) -> None: ...
    def clear(self) -> None: ...
    def claim(self, key: str, ttl: int) -> bool: ...
    def lock(self, key: str, ttl_ms: int) -> bool: ...
    def unlock(self, key: str) -> None: ...
    def ping(self) -> bool: ...
    def failing(self) -> bool: ...


class RedisOrderCache:
    """Namespaced keys with a TTL on each; errors become misses and are logged once per outage."""

    def __init__(self, client: redis.Redis | RedisCluster, clock: Clock = SYSTEM_CLOCK,
                 metrics: Metrics = NO_METRICS) -> None:
        self._redis = client
        self._clock = clock
        self._metrics = metrics
        self._outage = Outage(
            log, "event=outage backend=redis use=cache state=down error=%s effect=serving_without_cache",
            "event=outage backend=redis use=cache state=up", RETRY_AFTER_SECONDS, clock)

    def read(self, kind: Any, key: str) -> Stored[Any] | None:
        """Return the value under `key` as `kind`; None when missing, unreadable or unreachable."""
        stored = unseal(kind, self._call(lambda: self._redis.get(PREFIX + key)))
        # The entry's kind is the key's first word (lookup, order, shop...): never a digest.
        self._metrics.cache_read(key.partition(":")[0], stored is not None)
        return stored

    def write(self, key: str, value: Any, ttl: int, written_at: float | None = None) -> None:
        """Store `value` for `ttl` seconds, stamped `written_at` (now, unless the caller already
        showed the value as read at another moment)."""
        sealed = seal(value, self._clock.now() if written_at is None else written_at)
        self._call(lambda: self._redis.set(PREFIX + key, sealed, ex=ttl))

    def delete(self, *keys: str) -> None:
        if keys:
            self._call(lambda: self._delete([PREFIX + key for key in keys]))

    def remember(self, index: str, key: str, ttl: int) -> None:
        """Note `key` under `index`, so everything about one order or customer can be dropped."""
        def add() -> None:
            with self._redis.pipeline() as pipe:
                pipe.sadd(PREFIX + index, key)
                pipe.expire(PREFIX + index, ttl)
                pipe.execute()
        self._call(add)

    def forget(self, index: str) -> None:
        """Delete every key noted under `index`, and the index itself."""
        def drop() -> None:
            # redis-py types every command as possibly awaitable; this client is synchronous and
            # decodes responses, so the members are strings.
            keys = cast("set[str]", self._redis.smembers(PREFIX + index))
            self._delete([PREFIX + index, *(PREFIX + key for key in keys)])
        self._call(drop)

    def clear(self) -> None:
        """Delete every key of the portal (the shop's data was redacted); a cluster client
        scans every master."""
        def drop_all() -> None:
            for batch in _batches(self._redis.scan_iter(match=PREFIX + "*", count=500), 500):
                self._delete(batch)
        self._call(drop_all)

    def claim(self, key: str, ttl: int) -> bool:
        """Return True the first time `key` is claimed within `ttl` seconds (e.g. a webhook's
        event id); True as well when Redis is unreachable, since processing twice is harmless."""
        return bool(self._call(lambda: self._redis.set(PREFIX + "seen:" + key, self._marker(), nx=True,
                                                               ex=ttl),
                               failed=True))

    def lock(self, key: str, ttl_ms: int) -> bool:
        """Return True when this caller now holds the lock; True as well when Redis is unreachable,
        since the process-local lock in the lookup still keeps concurrent calls to one."""
        taken = self._call(lambda: self._redis.set(PREFIX + "lock:" + key, self._marker(), nx=True,
                                                           px=ttl_ms),
                           failed=True)
        return bool(taken)

    def unlock(self, key: str) -> None:
        self._call(lambda: self._redis.delete(PREFIX + "lock:" + key))

    def ping(self) -> bool:
        """Ask Redis itself, even during an outage, so health checks see it come back."""
        return bool(self._call(self._redis.ping, failed=False, probe=True))

    def _delete(self, keys: list[str]) -> None:
        """One DEL per hash slot, in one round trip: a DEL of keys in two slots fails on a
        cluster."""
        with self._redis.pipeline(transaction=False) as pipe:
            for group in same_slot(keys):
                # A cluster pipeline's own delete() takes one key; the command takes a slot's worth.
                pipe.execute_command("DEL", *group)
            pipe.execute()

    def failing(self) -> bool:
        """True while Redis is in an outage (from a failed call until one succeeds)."""
        return self._outage.ongoing()

    def _marker(self) -> str:
        return seal(True, self._clock.now())

    def _call(self, operation: Callable[[], Any], failed: Any = None, probe: bool = False) -> Any:
        if not probe and self._outage.pausing():
            return failed
        try:
            result = operation()
        except REDIS_ERRORS as error:
            if self._outage.failed(error):
                self._metrics.redis_outage()
            return failed
        self._outage.answered()
        return result


def same_slot(keys: list[str]) -> list[list[str]]:
    """`keys` grouped by Redis Cluster hash slot, so each group may go into one command."""
    groups: dict[int, list[str]] = {}
    for key in keys:
        groups.setdefault(key_slot(key.encode()), []).append(key)
    return list(groups.values())


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
