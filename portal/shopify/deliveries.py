"""The store's delivered shipments as a bulk query reads them, turned into Parcels to learn from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, tzinfo
from typing import Any

from portal.shipping.learned import Area, Parcel
from portal.shipping.rules import ShippingRules, when

Node = dict[str, Any]


def deliveries_query(since: date) -> str:
    """Return the bulk query for orders placed since `since` that have shipped.

    Fulfillments are a list, not a connection, so each order comes back as one JSONL line."""
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
      }}
    }}
  }}
}}
"""


def parcels(lines: Iterable[Node], rules: ShippingRules, tz: tzinfo, since: datetime,
            until: datetime) -> Iterator[Parcel]:
    """Yield a Parcel for each fulfillment delivered by a carrier between `since` and `until`."""
    for line in lines:
        if "__parentId" in line:
            continue  # not asked for; a newer API version might add nested objects
        processed = when(line.get("processedAt"))
        address = line.get("shippingAddress") or {}
        area = Area.of(address.get("countryCodeV2"), address.get("provinceCode"), address.get("zip"))
        if processed is None or area is None or processed < since:
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

