from datetime import UTC, date, datetime
from decimal import Decimal

from portal.model import DeliveryEstimate, Money, Totals
from portal.store import codec


def test_view_model_round_trip_keeps_types():
    totals = Totals(subtotal=Money(Decimal("1234.56"), "NOK"), shipping=None, tax=None,
                    discounts=None, total=Money(Decimal("10400"), "JPY"), refunded=None)
    window = DeliveryEstimate(date(2026, 12, 28), date(2027, 1, 5), "portal_estimate", False)
    assert codec.loads(Totals, codec.dumps(totals)) == totals
    assert codec.loads(DeliveryEstimate, codec.dumps(window)) == window
    stamp = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert codec.loads(datetime, codec.dumps(stamp)) == stamp
