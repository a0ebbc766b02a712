"""The store's delivered shipments as a bulk query reads them, turned into Parcels to learn from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, tzinfo
from typing import Any

from portal.shipping.learned import Area, Parcel
from portal.shipping.rules import ShippingRules, when

Node = dict[str, Any]
# Delivered by a carrier; the store's own van, a pickup at the shop or a sale at the till took
# no carrier's time.
_CARRIED = {"SHIPPING", "PICKUP_POINT"}


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
        shippingAddress {{ countryCodeV2 provinceCode zip }}
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


def parcels(orders: Iterable[tuple[Node, list[Node]]], rules: ShippingRules, tz: tzinfo,
            since: datetime, until: datetime) -> Iterator[Parcel]:
    """Yield a Parcel for each fulfillment delivered by a carrier between `since` and `until`,
    from each order and its fulfillment orders."""
    for line, fulfillment_orders in orders:
        processed = when(line.get("processedAt"))
        address = line.get("shippingAddress") or {}
        area = Area.of(address.get("countryCodeV2"), address.get("provinceCode"), address.get("zip"))
        methods = {((f.get("deliveryMethod") or {}).get("methodType")) for f in fulfillment_orders}
        if processed is None or area is None or processed < since or methods - _CARRIED:
            continue
        for fulfillment in line.get("fulfillments") or []:
            parcel = _parcel(fulfillment, processed, area, address, rules, tz, until)
            if parcel is not None:
                yield parcel


def _parcel(fulfillment: Node, processed: datetime, area: Area, address: Node,
            rules: ShippingRules, tz: tzinfo, until: datetime) -> Parcel | None:
    delivered = when(fulfillment.get("deliveredAt"))
    created = when(fulfillment.get("createdAt"))
    # Local pickups are "delivered" too, but no carrier carried them.
    if (fulfillment.get("displayStatus") != "DELIVERED" or fulfillment.get("status") != "SUCCESS"
            or delivered is None or created is None or delivered > until):
        return None
    in_transit = when(fulfillment.get("inTransitAt")) or created
    carrier = next((rules.tracking(info, address, created).carrier_key
                    for info in fulfillment.get("trackingInfo") or []), None)
    return Parcel(carrier=carrier, area=area, processed=_day(processed, tz),
                  sent=_day(created, tz), in_transit=_day(in_transit, tz),
                  delivered=_day(delivered, tz))


def _day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()

