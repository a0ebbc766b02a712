"""Learned delivery figures in Redis: one versioned key that every instance reads."""

from __future__ import annotations

import json
import logging
import time

import redis

from portal.shipping.learned import Learned
from portal.store import codec
from portal.store.cache import PREFIX
from portal.store.outage import Outage

log = logging.getLogger(__name__)

KEY = PREFIX + "deliveries:learned"
VERSION = 1
# A daily run renews the figures; after a month without one they lapse, and estimates go back
# to the carrier table rather than rest on an ever older history.
TTL = 30 * 86400
# How long a process keeps the figures it read before it asks Redis again.
HOLD_SECONDS = 60.0


class LearnedFigures:
    """Saves the figures (whole, in one SET, so readers see the old or the new ones) and reads
    them back, kept in memory for a minute."""

    def __init__(self, client: redis.Redis, ttl: int = TTL) -> None:
        self._redis = client
        self._ttl = ttl
        self._held: tuple[Learned | None, float] | None = None
        self._outage = Outage(log, "Redis is unreachable (%s): delivery estimates use the carrier "
                                   "table until it answers", "Redis answers again: learned "
                                   "delivery times back in use", HOLD_SECONDS)

    def save(self, learned: Learned) -> None:
        """Store the figures; raises redis.RedisError when Redis does not take them."""
        envelope = {"version": VERSION, "learned": json.loads(codec.dumps(learned))}
        self._redis.set(KEY, json.dumps(envelope, separators=(",", ":")), ex=self._ttl)
        self._held = None

    def load(self) -> Learned | None:
        """Return the stored figures, None if there are none (or of another version);
        raises redis.RedisError."""
        raw = self._redis.get(KEY)
        if raw is None:
            return None
        envelope = json.loads(raw)
        if envelope.get("version") != VERSION:
            return None
        return codec.loads(Learned, json.dumps(envelope["learned"]))

    def current(self) -> Learned | None:
        """Return the figures for a page: from memory, else Redis; None while Redis fails."""
        if self._held and time.monotonic() < self._held[1]:
            return self._held[0]
        if self._outage.pausing():
            return None
        try:
            learned = self.load()
        except redis.RedisError as error:
            self._outage.failed(error)
            return None
        self._outage.answered()
        self._held = (learned, time.monotonic() + HOLD_SECONDS)
        return learned
