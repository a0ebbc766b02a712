"""The demo store's orders: one for every status the portal has to show, dated relative to now.

Tests build their own orders with the same builder API, re-exported here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from portal.demo.builder import Event, Item, Shipment, build_order, confirmation_for
from portal.demo.history import delivery_history
from portal.demo.local_orders import japanese_name, local_orders
from portal.demo.sample_catalog import CATALOG, sample_items
from portal.demo.store import DemoStore

__all__ = [
    "Event",
    "Item",
    "Shipment",
    "build_order",
    "confirmation_for",
    "sample_items",
    "sample_store",
]

UPS = "https://www.ups.com/track?tracknum="
USPS = "https://tools.usps.com/go/TrackConfirmAction?tLabels="
DHL = "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id="
BRING = "https://sporing.posten.no/sporing/"


def _many_items(count: int) -> list[Item]:
    """Return `count` distinct USD lines, for orders long enough to be read page by page."""
    sizes = ("S", "M", "L")
    return [Item(f"{CATALOG[n % 12 + 1][0]} #{n + 1}", CATALOG[n % 12 + 1][2], 1 + n % 2,
                 sizes[n % 3], n % 12 + 1) for n in range(count)]


def sample_store(now: datetime | None = None, *, history: bool = False) -> DemoStore:
    """Return the demo store; `now` fixes every date for tests, the default is the real clock.
    `history` adds a few hundred delivered orders of the last six months to learn from."""
    orders = [*_orders(now), *local_orders(now)]
    if history:
        orders += delivery_history(now or datetime.now(UTC))
    return DemoStore(orders)


def _orders(now: datetime | None) -> list[dict[str, Any]]:
    order = partial(build_order, now=now)
    ev = Event
    return [
        order(1001, "Alice.Martin@Example.com", confirmation="XPAV284CT", processed_days_ago=5,
              items=sample_items("USD", 1, (2, 2)),
              shipments=[Shipment("DELIVERED", [("UPS", "1Z5R89390357567127",
                                                 UPS + "1Z5R89390357567127")],
                                  days_ago=4, delivered_days_ago=1, events=[
                  ev("LABEL_PURCHASED", 98, "Shipper created a label", "Portland", "US"),
                  ev("CARRIER_PICKED_UP", 90, "Picked up by UPS", "Portland", "US"),
                  ev("IN_TRANSIT", 60, "Departed from facility", "Louisville", "US"),
                  ev("OUT_FOR_DELIVERY", 30, "Out for delivery", "Springfield", "US"),
                  ev("DELIVERED", 24, "Delivered, front door", "Springfield", "US")])]),
        order(10011, "bob.hansen@example.com", fulfillment="UNFULFILLED", processed_days_ago=1,
              items=sample_items("USD", 9)),
        order(1002, "hanako.yamada@example.com", currency="JPY",
              customer=japanese_name("hanako.yamada@example.com"), processed_days_ago=6,
              items=sample_items("JPY", (7, 3), (10, 2), 6), shipments=[
                  Shipment("DELIVERED", [("Yamato (JA)", "4321-8765-0912")], [(0, 3), (1, 2)],
                           days_ago=5, delivered_days_ago=3, events=[
                      ev("CARRIER_PICKED_UP", 118, "荷物受付", "Koto-ku", "JP"),
                      ev("IN_TRANSIT", 100, "発送済み", "Tokyo", "JP"),
                      ev("OUT_FOR_DELIVERY", 80, "配達中", "Shibuya-ku", "JP"),
                      ev("DELIVERED", 72, "配達完了", "Shibuya-ku", "JP")]),
                  Shipment("IN_TRANSIT", [("Japan Post (EN)", "1846-2215-3370")], [(2, 1)],
                           days_ago=2, events=[
                      ev("CARRIER_PICKED_UP", 40, "Posting/Collection", "Tokyo", "JP"),
                      ev("IN_TRANSIT", 20, "En route", "Saitama", "JP", 1)])]),
        order(1003, "kenji.sato@example.com", currency="JPY",
              customer=japanese_name("kenji.sato@example.com"), fulfillment="PARTIALLY_FULFILLED",
              processed_days_ago=2, promise=(2, 4), items=sample_items("JPY", (8, 2), 3),
              shipments=[Shipment("OUT_FOR_DELIVERY", [("Sagawa (JA)", "3601-2345-6789")],
                                  [(0, 2)], days_ago=1, events=[
                  ev("IN_TRANSIT", 20, "輸送中", "Saitama", "JP"),
                  ev("OUT_FOR_DELIVERY", 3, "配達中", "Shibuya-ku", "JP")])]),
        order(1004, "Ingrid.Nordmann@Example.com", currency="NOK", pickup_point=True,
              items=sample_items("NOK", 1, 5),
              shipments=[Shipment("IN_TRANSIT", [("Bring", "70722150393571047",
                                                  BRING + "70722150393571047")], events=[
                  ev("CONFIRMED", 50, "Sendingen er registrert", "Oslo", "NO"),
                  ev("CARRIER_PICKED_UP", 44, "Sendingen er hentet", "Oslo", "NO"),
                  ev("IN_TRANSIT", 20, "Sendingen er under transport", "Hamar", "NO")])]),
        order(1005, "ola.nordmann@example.com", currency="NOK", financial="PARTIALLY_PAID",
              items=sample_items("NOK", 12), shipments=[
                  Shipment("DELAYED", [("PostNord NO", "00370722150393571043")], days_ago=3,
                           events=[ev("IN_TRANSIT", 70, "Under transport", "Oslo", "NO"),
                                   ev("DELAYED", 10, "Forsinket på grunn av vær", "Bergen",
                                      "NO", 2)])]),
        order(1006, "lucia.garcia@example.com", currency="EUR", items=sample_items("EUR", 4, 3),
              shipments=[Shipment("ATTEMPTED_DELIVERY", [("Correos", "PQ4F6P0703673180128001A")],
                                  events=[ev("OUT_FOR_DELIVERY", 28, "En reparto", "Madrid", "ES"),
                                          ev("ATTEMPTED_DELIVERY", 24,
                                             "Ausente. Se dejó aviso", "Madrid", "ES")])]),
        order(1007, "javier.lopez@example.com", currency="EUR", items=sample_items("EUR", 6),
              shipments=[Shipment("CARRIER_PICKED_UP", [("SEUR", "05812345678901")],
                                  days_ago=0.5)]),
        order(1008, "Emma.Smith@Example.com", currency="GBP", items=sample_items("GBP", 9),
              shipments=[Shipment("CONFIRMED", [("DHL Express", "3318810025",
                                                 DHL + "3318810025")], days_ago=0.3)]),
        order(1009, "noah.johnson@example.com", fulfillment="IN_PROGRESS", processed_days_ago=1,
              items=sample_items("USD", 11, 8), shipments=[
                  Shipment("LABEL_PRINTED", [("USPS", "9400111206206406260787",
                                              USPS + "9400111206206406260787")],
                           days_ago=0.2, estimated_in_days=3)]),
        order(1010, "olivia.brown@example.com", financial="AUTHORIZED",
              fulfillment="UNFULFILLED", processed_days_ago=0.5, promise=(3, 5),
              items=sample_items("USD", 12)),
        order(1011, "liam.wilson@example.com", financial="EXPIRED", fulfillment="ON_HOLD",
              hold="AWAITING_PAYMENT", processed_days_ago=9, items=sample_items("USD", 4)),
        order(1012, "mia.davis@example.com", financial="PENDING", fulfillment="OPEN",
              processed_days_ago=1, items=sample_items("USD", 6, 7)),
        order(1013, "sophie.taylor@example.com", currency="GBP", financial="PARTIALLY_REFUNDED",
              return_status="RETURNED", processed_days_ago=14,
              items=sample_items("GBP", (4, 1, 1), (5, 2)), shipments=[
                  Shipment("DELIVERED", [("DHL Express", "8487135506", DHL + "8487135506")],
                           days_ago=12, delivered_days_ago=9)]),
        order(1014, "ethan.moore@example.com", financial="REFUNDED", fulfillment="RESTOCKED",
              cancelled="CUSTOMER", processed_days_ago=4, items=sample_items("USD", 10)),
        order(1015, "ava.clark@example.com", currency="EUR", financial="VOIDED",
              fulfillment="UNFULFILLED", cancelled="DECLINED", processed_days_ago=2,
              items=sample_items("EUR", 2)),
        order(1016, "lena.berg@example.com", currency="NOK", fulfillment="PENDING_FULFILLMENT",
              processed_days_ago=1, items=sample_items("NOK", 3),
              shipments=[Shipment("SUBMITTED", days_ago=0.5)]),
        order(1017, "carlos.ruiz@example.com", currency="EUR", fulfillment="REQUEST_DECLINED",
              processed_days_ago=2, items=sample_items("EUR", 11)),
        order(1018, "yuki.ito@example.com", currency="JPY",
              customer=japanese_name("yuki.ito@example.com"), fulfillment="SCHEDULED",
              fulfill_at_days=7, processed_days_ago=1, items=sample_items("JPY", 9)),
        order(1019, "kari.hansen@example.com", currency="NOK", pickup=True,
              items=sample_items("NOK", 10), shipments=[Shipment("PICKED_UP", days_ago=1,
                                                                 delivered_days_ago=0.5)]),
        order(1020, "nils.lie@example.com", currency="NOK", fulfillment="IN_PROGRESS",
              pickup=True, processed_days_ago=1, items=sample_items("NOK", 2, 8), shipments=[
                  Shipment("READY_FOR_PICKUP", days_ago=0.5, events=[
                      ev("READY_FOR_PICKUP", 10, "Klar for henting", "Oslo", "NO")])]),
        order(1021, "marta.fernandez@example.com", currency="EUR",
              return_status="RETURN_REQUESTED", processed_days_ago=10,
              items=sample_items("EUR", 12), shipments=[
                  Shipment("DELIVERED", [("Correos", "PK43BG0440928410128001F")], days_ago=9,
                           delivered_days_ago=6)]),
        order(1022, "james.walker@example.com", currency="GBP", return_status="IN_PROGRESS",
              processed_days_ago=12, items=sample_items("GBP", 1, 3),
              shipments=[Shipment("MARKED_AS_FULFILLED", days_ago=11)]),
        order(1023, "test.buyer@example.com", test=True, processed_days_ago=2,
              items=sample_items("USD", 5), shipments=[
                  Shipment("FULFILLED", [("UPS", "1Z879E930346834440",
                                          UPS + "1Z879E930346834440")], days_ago=1)]),
        order(1024, "grace.lee@example.com", fulfillment="PARTIALLY_FULFILLED",
              processed_days_ago=3, items=_many_items(30), shipments=[
                  Shipment("IN_TRANSIT", [("UPS", "1Z410E7W0392751591",
                                           UPS + "1Z410E7W0392751591")],
                           [(index, 1) for index in range(12)], estimated_in_days=2)]),
        order(1025, "henry.young@example.com", processed_days_ago=2,
              items=sample_items("USD", 3), shipments=[
                  Shipment("LABEL_VOIDED", [("UPS", "1Z5R89390357567127",
                                             UPS + "1Z5R89390357567127")], days_ago=1.5),
                  Shipment("LABEL_PURCHASED", [("USPS", "9400111206206406260787",
                                                USPS + "9400111206206406260787")],
                           days_ago=1)]),
        order(1026, "pablo.moreno@example.com", currency="EUR", processed_days_ago=8,
              items=sample_items("EUR", 9), shipments=[
                  Shipment("NOT_DELIVERED", [("SEUR", "05898765432101")], days_ago=7, events=[
                      ev("OUT_FOR_DELIVERY", 80, "En reparto", "Madrid", "ES"),
                      ev("ATTEMPTED_DELIVERY", 76, "Destinatario ausente", "Madrid", "ES"),
                      ev("FAILURE", 30, "Devuelto al remitente", "Madrid", "ES")])]),
        order(1027, "oliver.king@example.com", currency="GBP", fulfillment="UNFULFILLED",
              processed_days_ago=6, items=sample_items("GBP", 6), shipments=[
                  Shipment("FAILURE", [("DHL Express", "73891051146", DHL + "73891051146")],
                           days_ago=5),
                  Shipment("CANCELED", [("UPS", "1Z879E930346834440",
                                         UPS + "1Z879E930346834440")], days_ago=3)]),
        order(1028, "aiko.tanaka@example.com", currency="JPY",
              customer=japanese_name("aiko.tanaka@example.com"),
              return_status="INSPECTION_COMPLETE", processed_days_ago=20,
              items=sample_items("JPY", 4), shipments=[
                  Shipment("DELIVERED", [("Japan Post (JA)", "5521-0398-4417")], days_ago=18,
                           delivered_days_ago=16)]),
        # Longer than one page of the portal's lineItems(first: 50).
        order(1029, "wholesale.buyer@example.com", fulfillment="UNFULFILLED",
              processed_days_ago=1, items=_many_items(60)),
    ]
