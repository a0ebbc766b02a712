"""The benchmark's store: the demo store's sample orders plus generated ones, so that every phase
has orders of its own that nothing has looked up before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from portal.demo.sample_orders import Event, Shipment, build_order, sample_items, sample_store
from portal.demo.store import DemoStore

# Five digits for every generated order: Shopify's search matches a number as a prefix, so
# `name:2001` would also find #20010-#20019 if shorter and longer numbers were mixed.
FIRST_NUMBER = 20000
UPS = "https://www.ups.com/track?tracknum="


@dataclass(frozen=True)
class Shopper:
    """What a shopper types into the form: an order number and the order's email."""

    number: str
    email: str


def _delivered(number: int, email: str) -> dict[str, Any]:
    return build_order(number, email, processed_days_ago=5, items=sample_items("USD", 1, (2, 2)),
                       shipments=[Shipment("DELIVERED", [("UPS", "1Z5R89390357567127",
                                                          UPS + "1Z5R89390357567127")],
                                           days_ago=4, delivered_days_ago=1, events=[
                           Event("CARRIER_PICKED_UP", 90, "Picked up by UPS", "Portland", "US"),
                           Event("DELIVERED", 24, "Delivered, front door", "Springfield", "US")])])


def _in_transit_jpy(number: int, email: str) -> dict[str, Any]:
    return build_order(number, email, currency="JPY", processed_days_ago=2,
                       items=sample_items("JPY", (7, 3), 6), shipments=[
                           Shipment("IN_TRANSIT", [("Yamato (JA)", "4321-8765-0912")], days_ago=1,
                                    events=[Event("IN_TRANSIT", 20, "輸送中", "Saitama", "JP", 1)])])


def _in_transit_nok(number: int, email: str) -> dict[str, Any]:
    return build_order(number, email, currency="NOK", items=sample_items("NOK", 1, 5), shipments=[
        Shipment("IN_TRANSIT", [("Bring", "70722150393571047")], days_ago=1)])


def _unfulfilled_eur(number: int, email: str) -> dict[str, Any]:
    return build_order(number, email, currency="EUR", fulfillment="UNFULFILLED",
                       processed_days_ago=1, promise=(3, 5), items=sample_items("EUR", 9, 3))


def _split_gbp(number: int, email: str) -> dict[str, Any]:
    return build_order(number, email, currency="GBP", fulfillment="PARTIALLY_FULFILLED",
                       processed_days_ago=3, items=sample_items("GBP", (8, 2), 4, 11), shipments=[
                           Shipment("CONFIRMED", [("DHL Express", "3318810025")], [(0, 2)],
                                    days_ago=0.5)])


# Order pages as varied as a store's: currencies, carriers, one or several shipments, none yet.
_KINDS: tuple[Callable[[int, str], dict[str, Any]], ...] = (
    _delivered, _in_transit_jpy, _in_transit_nok, _unfulfilled_eur, _split_gbp)


def benchmark_store(generated: int) -> tuple[DemoStore, list[Shopper]]:
    """Return the store and every order's shopper, the sample orders' first."""
    store = sample_store()
    shoppers = [Shopper(order["name"], order["email"]) for order in store.orders()
                if order["email"] and not order["test"]]
    for index in range(generated):
        number, email = FIRST_NUMBER + index, f"shopper{index}@example.com"
        store.add(_KINDS[index % len(_KINDS)](number, email))
        shoppers.append(Shopper(f"#{number}", email))
    return store, shoppers


class Pools:
    """Hands out orders no earlier phase has used, so a phase's first lookups are really first."""

    def __init__(self, shoppers: list[Shopper]) -> None:
        self._left: Iterator[Shopper] = iter(shoppers)

    def take(self, count: int) -> list[Shopper]:
        """Return `count` unused shoppers; RuntimeError when the store has too few orders."""
        taken = [shopper for _, shopper in zip(range(count), self._left, strict=False)]
        if len(taken) < count:
            raise RuntimeError("the benchmark's store has too few orders for its phases")
        return taken
