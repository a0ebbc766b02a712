from dataclasses import FrozenInstanceError, dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.model import (
    Address,
    DeliveryEstimate,
    Image,
    LineItem,
    Money,
    Order,
    Pickup,
    Shipment,
    ShipmentItem,
    Totals,
    Tracking,
    TrackingEvent,
)
from portal.store import codec
from tests.support.orders import PLACED, sourced


def test_view_model_round_trip_keeps_types():
    totals = Totals(subtotal=Money(Decimal("1234.56"), "NOK"), shipping=None, tax=None,
                    discounts=None, total=Money(Decimal("10400"), "JPY"), refunded=None)
    window = DeliveryEstimate(date(2026, 12, 28), date(2027, 1, 5), "portal_estimate", False)
    assert codec.loads(Totals, codec.dumps(totals)) == totals
    assert codec.loads(DeliveryEstimate, codec.dumps(window)) == window
    stamp = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert codec.loads(datetime, codec.dumps(stamp)) == stamp


def test_a_whole_order_round_trips_with_every_nested_value():
    yen = Money(Decimal("10400"), "JPY")
    image = Image("https://cdn.example/tea.jpg", "Tea", 400, None)
    window = DeliveryEstimate(date(2026, 11, 24), date(2026, 11, 26), "carrier", True)
    shipment = Shipment(
        name="#1001-F1", status="IN_TRANSIT", created_at=PLACED, in_transit_at=PLACED,
        delivered_at=None, tracking=(Tracking("1Z999AA10123456784", "UPS", "ups", None, "carrier"),),
        items=(ShipmentItem("Tea", "Green", 2, image),),
        events=(TrackingEvent("IN_TRANSIT", PLACED, "Departed", "Oslo", "NO"),), estimate=window)
    order = replace(
        sourced(1001, "alice@example.com").order,
        line_items=(LineItem("1", "Tea", "Green", 2, 0, yen, yen, image, 0),), shipments=(shipment,),
        totals=Totals(yen, None, None, None, yen, None), estimate=window,
        shipping_address=Address("Alice", "Storgata 1", "Oslo", "0155", "NO"),
        pickup=Pickup("Shop", None, True, date(2026, 11, 22), False))
    assert codec.loads(Order, codec.dumps(order)) == order


@dataclass(frozen=True)
class Checked:
    amount: int

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("negative")


@dataclass(frozen=True)
class Derived:
    amount: int
    double: int = field(init=False, default=0)


@pytest.mark.parametrize("kind", [Checked, Derived])
def test_a_class_whose_init_does_more_than_set_fields_is_refused(kind):
    # The codec fills fields directly, so it would skip what such an __init__ does.
    with pytest.raises(TypeError, match=kind.__name__):
        codec.loads(kind, '{"amount": 1}')


def test_a_rebuilt_value_is_frozen_and_equal_to_the_original():
    money = Money(Decimal("12.50"), "EUR")
    rebuilt = codec.loads(Money, codec.dumps(money))
    assert rebuilt == money and hash(rebuilt) == hash(money)
    with pytest.raises(FrozenInstanceError):
        rebuilt.amount = Decimal(0)  # type: ignore[misc]


def test_a_field_missing_from_the_stored_data_reads_as_none_whatever_its_kind():
    @dataclass(frozen=True)
    class Stop:
        city: str | None
        reached: datetime | None
        window: DeliveryEstimate | None
        count: int

    assert codec.build(Stop, {"count": 2}) == Stop(None, None, None, 2)
    assert codec.build(Stop, {"city": "Bergen", "reached": "2026-12-01T10:00:00+00:00",
                              "window": None, "count": 0}) == \
        Stop("Bergen", datetime(2026, 12, 1, 10, tzinfo=UTC), None, 0)
