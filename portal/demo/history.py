"""Delivered orders of the last six months, for learning delivery times from the store's history.

Generated from a fixed seed, so the same `now` always gives the same orders. The spreads follow
what each carrier's own service pages promise per area (Yamato next day within Kanto, two days to
Hokkaido; Bring one or two days within Oslo, more to Northern Norway; Correos one to three days on
the mainland, more to the Balearic Islands); the shop's own bike courier in Oslo delivers too, but
as local delivery, which learning leaves out. They are guest orders without an email address, so
no lookup can open them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from portal.demo.builder import Item, Shipment, build_order

SEED = 14
FIRST_NUMBER = 3001
Spread = Mapping[int, int]  # business days -> weight


@dataclass(frozen=True)
class Route:
    """Deliveries by one carrier to one area: Shopify's province fields, or postcodes only."""

    company: str
    country: str
    count: int
    transit: Spread
    city: str
    zips: tuple[str, ...]
    province: str | None = None
    province_code: str | None = None
    method: str = "SHIPPING"  # the checkout's delivery method (DeliveryMethodType)


ROUTES = (
    Route("Yamato (JA)", "JP", 60, {1: 85, 2: 15}, "Shibuya-ku", ("150-0001", "150-0041"),
          "Tokyo", "JP-13"),
    Route("Yamato (JA)", "JP", 30, {1: 70, 2: 30}, "Osaka", ("530-0001", "542-0076"),
          "Osaka", "JP-27"),
    Route("Yamato (JA)", "JP", 24, {1: 40, 2: 55, 3: 5}, "Morioka", ("020-0021", "020-0045"),
          "Iwate", "JP-03"),
    Route("Yamato (JA)", "JP", 14, {2: 70, 3: 30}, "Sapporo", ("060-0001", "064-0804"),
          "Hokkaido", "JP-01"),
    Route("Sagawa (JA)", "JP", 30, {1: 80, 2: 20}, "Setagaya-ku", ("154-0004", "158-0094"),
          "Tokyo", "JP-13"),
    Route("Sagawa (JA)", "JP", 12, {1: 30, 2: 60, 3: 10}, "Fukuoka", ("810-0001", "812-0011"),
          "Fukuoka", "JP-40"),
    Route("Japan Post (JA)", "JP", 26, {1: 50, 2: 40, 3: 10}, "Shinjuku-ku",
          ("160-0022", "169-0075"), "Tokyo", "JP-13"),
    Route("Japan Post (JA)", "JP", 10, {2: 30, 3: 50, 4: 20}, "Naha", ("900-0015", "902-0067"),
          "Okinawa", "JP-47"),
    # Shopify keeps no provinces for Norway: these areas are told apart by postcode.
    Route("Bring", "NO", 45, {1: 60, 2: 35, 3: 5}, "Oslo", ("0150", "0154", "0158", "0161")),
    Route("Bring", "NO", 24, {1: 20, 2: 60, 3: 20}, "Bergen", ("5003", "5015", "5020", "5052")),
    Route("Bring", "NO", 12, {2: 30, 3: 50, 4: 20}, "Tromsø", ("9008", "9011", "9019")),
    Route("PostNord NO", "NO", 22, {1: 40, 2: 45, 3: 15}, "Oslo", ("0150", "0159", "0164")),
    Route("PostNord NO", "NO", 10, {2: 50, 3: 40, 4: 10}, "Trondheim", ("7010", "7030")),
    # The shop's own bike courier in central Oslo: delivered, but by no carrier.
    Route("Sykkelbud", "NO", 12, {0: 70, 1: 30}, "Oslo", ("0150", "0154"), method="LOCAL"),
    Route("Correos", "ES", 36, {1: 35, 2: 45, 3: 20}, "Madrid", ("28001", "28013", "28045"),
          "Madrid", "M"),
    Route("Correos", "ES", 22, {2: 60, 3: 30, 4: 10}, "Barcelona", ("08001", "08013"),
          "Barcelona", "B"),
    Route("Correos", "ES", 9, {3: 40, 4: 40, 5: 20}, "Palma", ("07001", "07003"),
          "Illes Balears", "PM"),
    Route("SEUR", "ES", 28, {1: 75, 2: 25}, "Madrid", ("28004", "28020"), "Madrid", "M"),
    Route("SEUR", "ES", 14, {1: 50, 2: 50}, "Valencia", ("46001", "46021"), "Valencia", "V"),
    Route("SEUR", "ES", 21, {1: 40, 2: 50, 3: 10}, "Sevilla", ("41001", "41010"),
          "Sevilla", "SE"),
)

# Days from payment to hand-over at the shop's warehouse in each country.
HANDLING: dict[str, Spread] = {"JP": {0: 25, 1: 55, 2: 15, 3: 5}, "NO": {0: 20, 1: 60, 2: 20},
                               "ES": {0: 30, 1: 50, 2: 20}}
CURRENCY = {"JP": "JPY", "NO": "NOK", "ES": "EUR"}
SOCKS: dict[str, str | int] = {"JPY": 2700, "NOK": 199, "EUR": "16.95"}


def delivery_history(now: datetime, days: int = 175) -> list[dict[str, Any]]:
    """Return the delivered history orders, the same ones for the same `now`."""
    rng = random.Random(SEED)
    orders = []
    number = FIRST_NUMBER
    for route in ROUTES:
        for _ in range(route.count):
            orders.append(_order(rng, route, number, now, days))
            number += 1
    return orders


def _order(rng: random.Random, route: Route, number: int, now: datetime,
           days: int) -> dict[str, Any]:
    # Paid early in the (UTC) day and handed over late morning, so even a same-day hand-over
    # comes after payment and the carrier's first scan (six hours on) falls on the same day.
    processed = (now - timedelta(days=rng.uniform(16, days))).replace(
        hour=rng.randint(0, 7), minute=rng.randint(0, 59))
    sent = _business_days_after(processed, _pick(rng, HANDLING[route.country]))
    sent = sent.replace(hour=rng.randint(8, 11), minute=rng.randint(0, 59))
    transit = _pick(rng, route.transit)
    delivered = _business_days_after(sent, transit).replace(hour=rng.randint(9, 19),
                                                            minute=rng.randint(0, 59))
    if transit == 0:  # same day: after the first scan, six hours after hand-over
        delivered = sent + timedelta(hours=rng.uniform(6.5, 9))

    def ago(moment: datetime) -> float:
        return (now - moment).total_seconds() / 86400

    order = build_order(
        number, None, country=route.country, currency=CURRENCY[route.country],
        processed_days_ago=ago(processed),
        items=[Item("Wool Socks", SOCKS[CURRENCY[route.country]], 1, "Grey / M", 5)],
        customer=("Guest", "Customer"), now=now,
        shipments=[Shipment("DELIVERED", [(route.company, f"H{number:08d}")],
                            days_ago=ago(sent), delivered_days_ago=ago(delivered))])
    postcode = rng.choice(route.zips)
    address = {**order["shippingAddress"], "city": route.city, "zip": postcode,
               "province": route.province, "provinceCode": route.province_code,
               "formattedArea": f"{route.city}, {order['shippingAddress']['country']}"}
    address["formatted"] = [*address["formatted"][:2], f"{route.city} {postcode}",
                            address["formatted"][-1]]
    methods = [{**fo, "deliveryMethod": {**fo["deliveryMethod"], "methodType": route.method}}
               for fo in order["fulfillmentOrders"]]
    return {**order, "shippingAddress": address, "fulfillmentOrders": methods}


def _pick(rng: random.Random, spread: Spread) -> int:
    return rng.choices(list(spread), weights=list(spread.values()))[0]


def _business_days_after(start: datetime, days: int) -> datetime:
    """Weekdays only: carriers here deliver some Saturdays, but the warehouses ship Mon-Fri."""
    moment = start
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    for _ in range(days):
        moment += timedelta(days=1)
        while moment.weekday() >= 5:
            moment += timedelta(days=1)
    return moment

