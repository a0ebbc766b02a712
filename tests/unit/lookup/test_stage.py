"""The stage table over every combination of Shopify's statuses: the headline, the delivery card,
the payment card and the progress steps never contradict each other or the order."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_babel import Babel

from portal.demo.schema import load_schema
from portal.lookup.stage import ARRIVED, HANDED_OVER, Stage, stage
from portal.model import LineItem, Order, Pickup, Shipment, Totals
from portal.web import stages

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _enum(name: str) -> list[str]:
    return sorted(load_schema().get_type(name).values)


FINANCIAL = _enum("OrderDisplayFinancialStatus")
FULFILLMENT = _enum("OrderDisplayFulfillmentStatus")
SHIPMENT = _enum("FulfillmentDisplayStatus")
# No parcel, one parcel in each status, and every pair of statuses (a split order).
PARCELS = [(), *((s,) for s in SHIPMENT), *itertools.combinations_with_replacement(SHIPMENT, 2)]


def _order(financial: str, fulfillment: str, cancelled: bool, pickup: bool,
           parcels: tuple[str, ...], unsent: int) -> Order:
    item = LineItem("gid://shopify/LineItem/1", "Tea", None, 3, 0, None, None, None, unsent)
    shipments = tuple(Shipment(f"#1-F{n}", status, T0, None, None, (), (), (), None)
                      for n, status in enumerate(parcels, 1))
    place = Pickup("Oslo Showroom", None, False, None, False) if pickup else None
    return Order(id="gid://shopify/Order/1", name="#1", confirmation_number=None, placed_at=T0,
                 payment_status=financial, fulfillment_status=fulfillment,
                 return_status="NO_RETURN", cancelled_at=T0 if cancelled else None,
                 cancel_reason="CUSTOMER" if cancelled else None, scheduled_at=None,
                 hold_reason=None, line_items=(item,), shipments=shipments,
                 totals=Totals(None, None, None, None, None, None), shipping_address=None,
                 shipping_method=None, pickup=place, estimate=None, timezone="Europe/Oslo")


def _combinations():
    return itertools.product(FINANCIAL, FULFILLMENT, (False, True), (False, True), PARCELS, (0, 1))


@pytest.fixture(scope="module")
def english():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context("/"):
        yield


def _words(order: Order) -> str:
    texts = [*stages.delivery_card(order), stages.headline(order), stages.payment_card(order)[1]]
    steps, step = stages.steps(order) if order.is_pickup else (stages.DELIVERY_STEPS, None)
    if step is not None:
        texts += steps[:step + 1]
    return " ".join(str(text) for text in texts)


PROMISES_SENDING = re.compile(r"\b(sent|on its way|will be taken|prepar\w*|in transit|will "
                              r"follow|deliver\w*|soon)\b", re.IGNORECASE)
SPEAKS_OF_DELIVERY = re.compile(r"\b(deliver\w*|sent|on its way|carrier|in transit)\b",
                                re.IGNORECASE)
MOVING = {Stage.ON_ITS_WAY, Stage.OUT_FOR_DELIVERY, Stage.DELIVERED, Stage.AT_PICKUP_POINT,
          Stage.ATTEMPTED, Stage.DELAYED, Stage.PROBLEM, Stage.PARTLY_SENT}


def test_the_table_holds_for_every_combination(english):
    checked = 0
    for financial, fulfillment, cancelled, pickup, parcels, unsent in _combinations():
        order = _order(financial, fulfillment, cancelled, pickup, parcels, unsent)
        found = stage(order)
        handed_over = [p for p in parcels if p in HANDED_OVER]
        where = (financial, fulfillment, cancelled, pickup, parcels, unsent)
        checked += 1
        if cancelled:
            assert found is Stage.CANCELLED, where
            assert not PROMISES_SENDING.search(_words(order)), (where, _words(order))
            continue
        if pickup:
            assert found in {Stage.PICKUP_PREPARING, Stage.PICKUP_READY, Stage.PICKED_UP,
                             Stage.ON_HOLD, Stage.SCHEDULED}, where
            assert not SPEAKS_OF_DELIVERY.search(_words(order)), (where, _words(order))
            continue
        if not handed_over and fulfillment != "FULFILLED":
            assert found not in MOVING, where
        if found is Stage.DELIVERED:
            assert handed_over and set(handed_over) <= ARRIVED and not unsent, where
        if handed_over and unsent:
            assert stages.still_to_send(order), where
            assert found in {Stage.PARTLY_SENT, Stage.ATTEMPTED, Stage.PROBLEM, Stage.DELAYED}, where
        if "DELAYED" in handed_over and not {"ATTEMPTED_DELIVERY", "FAILURE",
                                             "NOT_DELIVERED"} & set(handed_over):
            assert found is Stage.DELAYED and "Delayed" in _words(order), where
    assert checked == len(FINANCIAL) * len(FULFILLMENT) * 2 * 2 * len(PARCELS) * 2


@pytest.mark.parametrize(("parcels", "unsent", "expected"), [
    ((), 0, "Order received"),
    (("SUBMITTED",), 0, "Being prepared"),
    (("LABEL_PRINTED",), 0, "Being prepared"),
    (("IN_TRANSIT",), 0, "On its way"),
    (("IN_TRANSIT",), 1, "Partly sent"),
    (("DELIVERED", "LABEL_PURCHASED"), 0, "Partly sent"),
    (("DELIVERED", "IN_TRANSIT"), 0, "On its way"),
    (("DELIVERED", "DELIVERED"), 0, "Delivered"),
    (("OUT_FOR_DELIVERY", "DELAYED"), 0, "Delayed"),
    (("ATTEMPTED_DELIVERY",), 0, "Delivery attempted"),
    (("READY_FOR_PICKUP",), 0, "Ready for pickup"),
    (("DELIVERED", "CANCELED"), 0, "Delivered"),
])
def test_headlines_of_shipped_orders(english, parcels, unsent, expected):
    order = _order("PAID", "UNFULFILLED", False, False, parcels, unsent)
    assert str(stages.headline(order)) == expected


@pytest.mark.parametrize(("parcels", "expected", "step"), [
    ((), "Being prepared for pickup", 1),
    (("READY_FOR_PICKUP",), "Ready for pickup", 2),
    (("PICKED_UP",), "Picked up", 3),
])
def test_a_pickup_has_its_own_steps(english, parcels, expected, step):
    order = _order("PAID", "IN_PROGRESS", False, True, parcels, 0)
    steps, reached = stages.steps(order)
    assert str(stages.headline(order)) == expected
    assert [str(s) for s in steps] == ["Ordered", "Preparing", "Ready for pickup", "Picked up"]
    assert reached == step


def test_a_cancelled_authorised_payment_is_released_not_taken(english):
    order = _order("AUTHORIZED", "UNFULFILLED", True, False, (), 0)
    label, explanation = stages.payment_card(order)
    assert "will not be charged" in str(explanation)
    assert str(stages.delivery_card(order)[1]) == "The store will not send this order."
