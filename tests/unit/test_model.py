from datetime import UTC, date, datetime

from portal.model import DeliveryEstimate, LineItem, Order, Shipment, Totals

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def shipment(estimate=None, delivered_at=None):
    return Shipment(name="#1-F1", status="IN_TRANSIT", created_at=NOW, in_transit_at=None,
                    delivered_at=delivered_at, tracking=(), items=(), events=(), estimate=estimate)


def order(*shipments, unshipped=0):
    item = LineItem(id="1", title="Socks", variant=None, quantity=1, removed_quantity=0,
                    unit_price=None, total=None, image=None, unshipped_quantity=unshipped)
    return Order(id="gid://shopify/Order/1", name="#1", confirmation_number=None, placed_at=NOW,
                 payment_status="PAID", fulfillment_status="FULFILLED", return_status="NO_RETURN",
                 cancelled_at=None, cancel_reason=None, scheduled_at=None, hold_reason=None,
                 line_items=(item,), shipments=shipments, totals=Totals(*[None] * 6),
                 shipping_address=None, shipping_method=None, pickup=None, estimate=None,
                 timezone="UTC")


def window(first, last, late=False):
    return DeliveryEstimate(date(2026, 11, first), date(2026, 11, last), "portal_estimate", late)


def test_arrival_spans_every_travelling_shipment():
    arrival = order(shipment(window(27, 28)), shipment(window(29, 30)), shipment()).arrival
    assert (arrival.earliest, arrival.latest, arrival.is_late) == (date(2026, 11, 27),
                                                                 date(2026, 11, 30), False)
    assert order(shipment()).arrival is None


def test_delivered_only_when_every_parcel_arrived_and_nothing_is_left():
    first, last = NOW.replace(day=24), NOW.replace(day=25)
    assert order(shipment(delivered_at=first), shipment(delivered_at=last)).delivered_at == last
    assert order(shipment(delivered_at=first), shipment()).delivered_at is None
    assert order(shipment(delivered_at=first), unshipped=1).delivered_at is None
    assert order().delivered_at is None


def test_a_late_parcel_is_reported_with_its_own_date_not_a_later_one():
    arrival = order(shipment(window(20, 22, late=True)), shipment(window(27, 30))).arrival
    assert (arrival.latest, arrival.is_late) == (date(2026, 11, 22), True)


def test_cancelled_shipments_do_not_count_towards_delivery_or_arrival():
    delivered = shipment(delivered_at=NOW)
    cancelled = Shipment(name="#1-F2", status="CANCELED", created_at=NOW, in_transit_at=None,
                         delivered_at=None, tracking=(), items=(), events=(),
                         estimate=window(27, 28))
    both = order(delivered, cancelled)
    assert both.active_shipments == (delivered,)
    assert both.delivered_at == NOW
    assert both.arrival is None
