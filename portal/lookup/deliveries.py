"""DeliveryLearning: read the store's delivered shipments with one bulk query, keep only
percentiles per carrier and area, and store them for every instance to read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.lookup.shop import ShopSettings
from portal.shipping.learned import Learned, learn
from portal.shipping.rules import ShippingRules
from portal.shopify.bulk import BulkQuery, Family, Progress
from portal.shopify.deliveries import deliveries_query, parcels
from portal.store import codec
from portal.store.learned import LearnedFigures

# Reading the file is quick next to waiting for Shopify; a line per this many orders is enough.
REPORT_EVERY = 500


class DeliveryLearning:
    """One run: the previous figures stay until a complete new set replaces them."""

    def __init__(self, bulk: BulkQuery, rules: ShippingRules, shop: ShopSettings,
                 figures: LearnedFigures,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._bulk = bulk
        self._rules = rules
        self._shop = shop
        self._figures = figures
        self._clock = clock

    def run(self, days: int, progress: Callable[[Progress], None]) -> Learned:
        """Learn from the deliveries of the last `days` days and store the figures; raises
        ShopifyError (BulkBusy, BulkFailed) or redis.RedisError, storing nothing."""
        tz = _zone(self._shop.read().timezone)
        until = self._clock()
        since = until - timedelta(days=days)
        orders = self._bulk.run(deliveries_query(since.astimezone(tz).date()), progress)
        counted = _counting(orders, progress)
        learned = learn(parcels(counted, self._rules, tz, since, until), until, days)
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


def _counting(orders: Iterable[Family], progress: Callable[[Progress], None]) -> Iterator[Family]:
    count = 0
    for count, order in enumerate(orders, 1):
        if count % REPORT_EVERY == 0:
            progress(Progress("", "READING", count))
        yield order
    progress(Progress("", "READ", count))


def _complete(learned: Learned) -> bool:
    return (isinstance(learned.learned_at, datetime) and isinstance(learned.days, int)
            and all(isinstance(f.count, int) and f.country and len(f.transit) == 3
                    and len(f.handling) == 3 for f in learned.figures))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

