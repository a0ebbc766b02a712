"""DeliveryLearning: read the store's delivered parcels of a period, keep only percentiles per
carrier and area, and store them for every instance to read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

from portal.clock import SYSTEM_CLOCK, Clock
from portal.lookup.shop import ShopSettings
from portal.model import Learned
from portal.shipping.learned import Parcel, learn
from portal.shipping.regions import time_zone
from portal.store import codec
from portal.store.learned import LearnedFigures

Progress = Callable[[str, int], None]  # a status ("RUNNING", "READING", ...) and a count so far


class DeliverySource(Protocol):
    def delivered(self, since: datetime, until: datetime, tz: tzinfo,
                  progress: Progress) -> Iterator[Parcel]:
        """Each parcel a carrier delivered in the period, as it is read; may raise Unavailable
        (Busy when the store is already running such a read for this app)."""
        ...


class DeliveryLearning:
    """One run: the previous figures stay until a complete new set replaces them."""

    def __init__(self, source: DeliverySource, shop: ShopSettings, figures: LearnedFigures,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self._source = source
        self._shop = shop
        self._figures = figures
        self._clock = clock

    def run(self, days: int, progress: Progress) -> Learned:
        """Learn from the deliveries of the last `days` days and store the figures, unless there
        were none (a new store, a period too short): then the previous figures stay. Raises
        Unavailable or redis.RedisError, storing nothing."""
        tz = time_zone(self._shop.read().timezone)
        until = datetime.fromtimestamp(self._clock.now(), UTC)
        since = until - timedelta(days=days)
        learned = learn(self._source.delivered(since, until, tz, progress), until, days)
        if learned.figures:
            self._figures.save(learned)
        return learned

    def previous(self) -> Learned | None:
        """Return the figures stored now; raises redis.RedisError."""
        return self._figures.load()

    def export(self) -> str:
        """Return the stored figures as JSON, for an operator to keep; LookupError if none."""
        learned = self._figures.load()
        if learned is None:
            raise LookupError("no learned delivery times are stored")
        return codec.dumps(learned)

    def import_(self, text: str) -> Learned:
        """Store figures exported before; ValueError if the text is not such an export."""
        try:
            learned = codec.loads(Learned, text)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ValueError(f"not an export of learned delivery times ({error})") from None
        if not _complete(learned):
            raise ValueError("not an export of learned delivery times (fields are missing)")
        self._figures.save(learned)
        return learned


def _complete(learned: Learned) -> bool:
    return (isinstance(learned.learned_at, datetime) and isinstance(learned.days, int)
            and all(isinstance(f.count, int) and f.country and len(f.transit) == 3
                    and len(f.handling) == 3 for f in learned.figures))

