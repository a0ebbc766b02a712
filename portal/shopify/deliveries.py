"""ShopifyDeliveries: the store's delivered shipments, read with one bulk query and turned into
Parcels to learn from; the only place that reads that query's JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, tzinfo
from typing import Any

from portal.shipping.learned import Area, Parcel
from portal.shipping.rules import ShippingRules
from portal.shopify.bulk import BulkQuery, Family
from portal.shopify.mapping import destination
from portal.shopify.values import when

Node = dict[str, Any]
# Delivered by a carrier; the store's own van, a pickup at the shop or a sale at the till took
# no carrier's time.
_CARRIED = {"SHIPPING", "PICKUP_POINT"}
# Reading the file is quick next to waiting for Shopify; a line per this many orders is enough.
REPORT_EVERY = 500


class ShopifyDeliveries:
    """Implements portal.lookup.deliveries.DeliverySource with a bulk query."""

    def __init__(self, bulk: BulkQuery, rules: ShippingRules) -> None:
        self._bulk = bulk
        self._rules = rules

    def delivered(self, since: datetime, until: datetime, tz: tzinfo,
                  progress: Callable[[str, int], None]) -> Iterator[Parcel]:
        """Yield each parcel a carrier delivered between `since` and `until` of the orders paid
        since `since`, as the result streams in; raises Unavailable (Busy when another bulk
        query is under way)."""
        orders = self._bulk.run(deliveries_query(since.astimezone(tz).date()), progress)
        for line, fulfillment_orders in _counted(orders, progress):
            yield from self._parcels(line, fulfillment_orders, tz, since, until)

    def _parcels(self, line: Node, fulfillment_orders: list[Node], tz: tzinfo, since: datetime,
                 until: datetime) -> Iterator[Parcel]:
        processed = when(line.get("processedAt"))
        place = destination(line.get("shippingAddress"))
        area = Area.of(place.country, place.province_code, place.postcode)
        methods = {(f.get("deliveryMethod") or {}).get("methodType") for f in fulfillment_orders}
        if processed is None or area is None or processed < since or methods - _CARRIED:
            return
        for fulfillment in line.get("fulfillments") or []:
            delivered = when(fulfillment.get("deliveredAt"))
            created = when(fulfillment.get("createdAt"))
            # Local pickups are "delivered" too, but no carrier carried them.
            if (fulfillment.get("displayStatus") != "DELIVERED" or created is None
                    or fulfillment.get("status") != "SUCCESS" or delivered is None
                    or delivered > until):
                continue
            carrier = next((self._rules.tracking(info.get("company"), info.get("number") or "",
                                                 None, place, created).carrier_key
                            for info in fulfillment.get("trackingInfo") or []), None)
            in_transit = when(fulfillment.get("inTransitAt")) or created
            yield Parcel(carrier=carrier, area=area, processed=_day(processed, tz),
                         sent=_day(created, tz), in_transit=_day(in_transit, tz),
                         delivered=_day(delivered, tz))


def deliveries_query(since: date) -> str:
    """Return the bulk query for orders placed since `since` that have shipped.

    Fulfillments are a list, so they come inside their order's line; the fulfillment orders are
    a connection, so each comes as a line of its own after it."""
    search = f"processed_at:>={since.isoformat()} AND fulfillment_status:shipped"
    return f"""
{{
  orders(query: "{search}") {{
    edges {{
      node {{
        id
        processedAt
        shippingAddress {{ countryCodeV2 province provinceCode zip }}
        fulfillments {{
          status displayStatus createdAt inTransitAt deliveredAt
          trackingInfo {{ company number }}
        }}
        fulfillmentOrders {{ edges {{ node {{ deliveryMethod {{ methodType }} }} }} }}
      }}
    }}
  }}
}}
"""


def _counted(orders: Iterable[Family], progress: Callable[[str, int], None]) -> Iterator[Family]:
    count = 0
    for count, order in enumerate(orders, 1):
        if count % REPORT_EVERY == 0:
            progress("READING", count)
        yield order
    progress("READ", count)


def _day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()
