from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

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
