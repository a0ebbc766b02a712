"""Fixed-window counters that hold across workers and instances, kept in Redis.

When Redis fails, the workers of one host count in a small SQLite file instead (logged once):
unlike process memory, it is shared by the host's workers and survives a worker being recycled,
so an attacker who makes workers restart during an outage gets no fresh counts.

Each counter is one key, and the name a caller gives goes inside a {hash tag}: under Redis
Cluster every counter of one order or one shopper stays on one slot, and the counters of
different orders spread over the cluster.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from limits import parse_many

from portal.clock import SYSTEM_CLOCK, Clock
from portal.failures import Unavailable
from portal.store.connection import REDIS_ERRORS, redis_client
from portal.store.local_counters import LocalCounters
from portal.store.outage import Outage

log = logging.getLogger(__name__)

T = TypeVar("T")
# Outside portal:v1:, which a shop redact clears: the counters hold no shop or customer data
# (keyed hashes and numbers), and clearing them would hand every guesser a fresh start.
PREFIX = "portal:limits:v1:"
_RETRY_PRIMARY_AFTER = 5.0

# Counts one only while the count is below the limit, so a refused request leaves no trace
# that could refuse a concurrent one; starts the window on the first count.
_TAKE = """
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[2]) then return 0 end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 1
"""
# Gives one back only while the window lasts and the count is above zero: a reservation given
# back after its window ended must not leave a -1 behind (a free guess in the next window).
_GIVE_BACK = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


class Counters(Protocol):
    def take(self, name: str, seconds: int, limit: int) -> bool:
        """Count one under `name` in a window of `seconds` if that stays within `limit`;
        return whether it was counted."""
        ...

    def give_back(self, name: str, seconds: int) -> None:
        """Undo one `take`, never going below zero or into a window that has ended."""
        ...

    def count(self, name: str, seconds: int) -> int: ...

    def seconds_left(self, name: str, seconds: int) -> float:
        """Seconds until the current window of `name` ends; 0 when none is open."""
        ...


@dataclass(frozen=True)
class Window:
    """One limit on one name: at most `limit` counts in `seconds`."""

    name: str
    seconds: int
    limit: int


def take_all(counters: Counters, windows: Iterable[Window]) -> Window | None:
    """Count one in every window, or in none; return the window that refused, if any."""
    taken: list[Window] = []
    for window in windows:
        if not counters.take(window.name, window.seconds, window.limit):
            for done in taken:
                counters.give_back(done.name, done.seconds)
            return window
        taken.append(window)
    return None


class RateLimit:
    """A limit such as "10 per minute; 60 per hour" on each name it is asked about."""

    def __init__(self, counters: Counters, spec: str) -> None:
        self._counters = counters
        self._items = parse_many(spec)

    def wait(self, name: str) -> int:
        """Count one for `name`; return 0 when that is within the limit, else the seconds until
        the refusing window ends (and nothing is counted)."""
        windows = [Window(name, item.get_expiry(), item.amount) for item in self._items]
        refused = take_all(self._counters, windows)
        if refused is None:
            return 0
        return max(1, int(self._counters.seconds_left(refused.name, refused.seconds)) + 1)


def counter_key(name: str, seconds: int) -> str:
    """The Redis key of one counter: its name is the hash tag."""
    return f"{PREFIX}{{{name}}}:{seconds}"


class RedisCounters:
    """Counters in Redis, each changed by one atomic script."""

    def __init__(self, client: Any) -> None:
        self._redis = client
        self._take = client.register_script(_TAKE)
        self._give_back = client.register_script(_GIVE_BACK)

    def take(self, name: str, seconds: int, limit: int) -> bool:
        return bool(self._take(keys=[counter_key(name, seconds)], args=[seconds, limit]))

    def give_back(self, name: str, seconds: int) -> None:
        self._give_back(keys=[counter_key(name, seconds)])

    def count(self, name: str, seconds: int) -> int:
        return int(self._redis.get(counter_key(name, seconds)) or 0)

    def seconds_left(self, name: str, seconds: int) -> float:
        left = int(self._redis.pttl(counter_key(name, seconds)))
        return max(0.0, left / 1000)


class FailoverCounters:
    """Counters in Redis, falling back to the host's local counters while Redis is failing."""

    def __init__(self, redis_url: str, local: LocalCounters, clock: Clock = SYSTEM_CLOCK) -> None:
        # REDIS_URL's scheme picks the client: one server, TLS, Sentinel or Cluster.
        self._primary = RedisCounters(redis_client(redis_url))
        self._fallback = local
        self._outage = Outage(log, "event=outage backend=redis use=rate_limits state=down error=%s "
                              "effect=counting_on_this_host",
                              "event=outage backend=redis use=rate_limits state=up",
                              _RETRY_PRIMARY_AFTER, clock)
        self._file_outage = Outage(log, "event=outage backend=fallback_file use=rate_limits "
                                   "state=down error=%s effect=refusing_what_must_be_counted",
                                   "event=outage backend=fallback_file use=rate_limits state=up",
                                   _RETRY_PRIMARY_AFTER, clock)

    def _run(self, action: Callable[[Counters], T]) -> T:
        if self._outage.pausing():
            return self._run_on_file(action)
        try:
            result = action(self._primary)
        except REDIS_ERRORS as error:
            self._outage.failed(error)
            return self._run_on_file(action)
        self._outage.answered()
        return result

    def _run_on_file(self, action: Callable[[Counters], T]) -> T:
        # With nowhere to count, a lookup is refused (503) rather than let through uncounted.
        if self._file_outage.pausing():
            raise Unavailable("no counter store answers")
        try:
            result = action(self._fallback)
        except sqlite3.Error as error:
            self._file_outage.failed(error)
            raise Unavailable("no counter store answers") from error
        self._file_outage.answered()
        return result

    def take(self, name: str, seconds: int, limit: int) -> bool:
        return self._run(lambda counters: counters.take(name, seconds, limit))

    def give_back(self, name: str, seconds: int) -> None:
        self._run(lambda counters: counters.give_back(name, seconds))

    def count(self, name: str, seconds: int) -> int:
        return self._run(lambda counters: counters.count(name, seconds))

    def seconds_left(self, name: str, seconds: int) -> float:
        return self._run(lambda counters: counters.seconds_left(name, seconds))
