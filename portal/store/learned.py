"""Learned delivery figures in Redis: one key in the portal's envelope that every instance reads."""

from __future__ import annotations

import logging
from typing import cast

import redis
from redis.cluster import RedisCluster

from portal.clock import SYSTEM_CLOCK, Clock
from portal.model import Learned
from portal.store.cache import PREFIX
from portal.store.envelope import seal, unseal
from portal.store.outage import Outage

log = logging.getLogger(__name__)

KEY = PREFIX + "deliveries:learned"
# A daily run renews the figures; after a month without one they lapse, and estimates go back
# to the carrier table rather than rest on an ever older history.
TTL = 30 * 86400
# How long a process keeps the figures it read before it asks Redis again.
HOLD_SECONDS = 60.0


class LearnedFigures:
    """Saves the figures (whole, in one SET, so readers see the old or the new ones) and reads
    them back, kept in memory for a minute."""

    def __init__(self, client: redis.Redis | RedisCluster, ttl: int = TTL,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self._redis = client
        self._ttl = ttl
        self._clock = clock
        self._held: tuple[Learned | None, float] | None = None
        # The cache logs Redis itself going down; this says what it means for estimates.
        self._outage = Outage(log, "event=outage backend=redis use=learned_estimates state=down "
                                   "error=%s effect=carrier_table_estimates",
                                   "event=outage backend=redis use=learned_estimates state=up",
                                   HOLD_SECONDS)

    def save(self, learned: Learned) -> None:
        """Store the figures; raises redis.RedisError when Redis does not take them."""
        self._redis.set(KEY, seal(learned, self._clock.now()), ex=self._ttl)
        self._held = None

    def load(self) -> Learned | None:
        """Return the stored figures, None if there are none (or of another format);
        raises redis.RedisError."""
        # redis-py types every command as possibly awaitable; this client is synchronous and
        # decodes responses.
        stored = unseal(Learned, cast("str | None", self._redis.get(KEY)))
        return stored.value if stored else None

    def current(self) -> Learned | None:
        """Return the figures for a page: from memory, else Redis; None while Redis fails."""
        if self._held and self._clock.monotonic() < self._held[1]:
            return self._held[0]
        if self._outage.pausing():
            return None
        try:
            learned = self.load()
        except redis.RedisError as error:
            self._outage.failed(error)
            return None
        self._outage.answered()
        self._held = (learned, self._clock.monotonic() + HOLD_SECONDS)
        return learned
