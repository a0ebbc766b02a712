"""Every status Shopify can report renders in words a shopper understands, on a real lookup."""

import re
from html import unescape

import pytest

from portal.demo.builder import Event, Item, Shipment, build_order
from portal.demo.schema import load_schema
from portal.lookup.stage import BEFORE_SENDING, Stage
from portal.web import labels, stages
from tests.support.helpers import open_order

EMAIL = "river.stone@example.com"


def enum_values(name):
    return sorted(load_schema().get_type(name).values)


def text_of(response):
    html = response.get_data(as_text=True)
    body = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    return re.sub(r"\s+", " ", unescape(body))


def show(client, shopify, **order):
    shopify.store.add(build_order(7001, EMAIL, **order))
    page = open_order(client, "7001", EMAIL)
    assert page.status_code == 200
    return text_of(page)


def before_sending(status):
    """The delivery card of an order with nothing handed to a carrier, by the stage table."""
    return stages.WORDS[BEFORE_SENDING.get(status, Stage.PROCESSING)]


ORDER_STATUSES = [(field, status, describe) for field, enum, describe in (
    ("financial", "OrderDisplayFinancialStatus", labels.payment),
    ("fulfillment", "OrderDisplayFulfillmentStatus", before_sending),
) for status in enum_values(enum)]


@pytest.mark.parametrize("field,status,describe", ORDER_STATUSES,
                         ids=[f"{field}-{status}" for field, status, _ in ORDER_STATUSES])
def test_every_payment_and_fulfillment_status_is_in_words(client, shopify, field, status, describe):
    text = show(client, shopify, **{field: status})
    label, explanation = describe(status)
    assert str(label) in text and str(explanation) in text
    assert status not in text


@pytest.mark.parametrize("status", enum_values("FulfillmentDisplayStatus"))
def test_every_shipment_status_is_in_words(client, shopify, status):
    text = show(client, shopify, shipments=[Shipment(status, [("UPS", "1Z5R89390357567127")])])
    assert str(labels.shipment(status)) in text
    assert status not in text


@pytest.mark.parametrize("status", enum_values("FulfillmentEventStatus"))
def test_every_tracking_event_status_is_in_words(client, shopify, status):
    text = show(client, shopify, shipments=[Shipment(
        "IN_TRANSIT", events=[Event(status, 5, "Free text from the carrier", "Bergen", "NO")])])
    assert str(labels.shipment(status)) in text
    assert "Free text from the carrier" in text and "Bergen" in text


@pytest.mark.parametrize("status", [s for s in enum_values("OrderReturnStatus") if s != "NO_RETURN"])
def test_every_return_status_is_in_words(client, shopify, status):
    assert str(labels.return_status(status)) in show(client, shopify, return_status=status)


@pytest.mark.parametrize("reason", enum_values("OrderCancelReason"))
def test_cancellation_says_when_why_and_whether_refunded(client, shopify, reason):
    refunded = show(client, shopify, cancelled=reason, financial="REFUNDED", fulfillment="RESTOCKED",
                    refunded="36.00")
    assert "This order was cancelled on" in refunded
    assert str(labels.cancel_reason(reason)) in refunded
    assert "A refund of $36.00 was issued." in refunded


def test_cancelled_without_refund_says_so(client, shopify):
    text = show(client, shopify, cancelled="CUSTOMER", financial="VOIDED", fulfillment="UNFULFILLED")
    assert "No refund has been issued for it." in text


@pytest.mark.parametrize("reason", enum_values("FulfillmentHoldReason"))
def test_on_hold_is_explained(client, shopify, reason):
    text = show(client, shopify, fulfillment="ON_HOLD", hold=reason)
    assert str(labels.hold_reason(reason)) in text


def test_scheduled_order_shows_its_date(client, shopify):
    page = show(client, shopify, fulfillment="SCHEDULED", fulfill_at_days=7)
    assert "Preparation starts on" in page


def test_large_order_lists_every_item_with_prices(client, shopify):
    items = [Item(f"Thing number {n}", "2.50", 1 + n % 3, f"Size {n}") for n in range(27)]
    text = show(client, shopify, items=items, fulfillment="UNFULFILLED")
    for n in range(27):
        assert f"Thing number {n} " in text
    assert text.count("Quantity:") == 27


def test_order_longer_than_a_page_is_read_page_by_page(client, shopify):
    items = [Item(f"Thing number {n}", "1.00") for n in range(120)]
    shopify.store.add(build_order(7001, EMAIL, items=items, fulfillment="UNFULFILLED"))
    page = open_order(client, "7001", EMAIL)
    assert page.get_data(as_text=True).count('class="item"') == 120
    assert len(shopify.calls("PortalLineItems")) == 2


def test_presentment_money_is_formatted(client, shopify):
    text = text_of(open_order(client, "1002", "hanako.yamada@example.com"))
    assert re.search(r"¥[\d,]+", text) and "JP¥" not in text.replace("¥", "¥")


def test_shipment_card_shows_carrier_number_link_and_items(client, shopify):
    page = open_order(client, "1001", "alice.martin@example.com")
    html = page.get_data(as_text=True)
    assert "1Z5R89390357567127" in html
    assert re.search(r'href="https://[^"]*1Z5R89390357567127[^"]*"', html)
    assert "In this shipment" in html
    assert "Delivered on" in html


def test_unsent_items_are_listed_as_such(client, shopify):
    text = text_of(open_order(client, "1003", "kenji.sato@example.com"))
    assert "Not sent yet" in text


def test_local_pickup_says_where(client, shopify):
    text = text_of(open_order(client, "1020", "nils.lie@example.com"))
    assert "Pickup" in text and "Ready for pickup" in text


def test_shopify_delivery_date_is_shown_as_the_estimate(client, shopify):
    text = show(client, shopify, shipments=[Shipment("IN_TRANSIT", [("UPS", "1Z5R89390357567127")],
                                                     estimated_in_days=2)])
    assert "Expected on" in text and "date from the carrier" in text


def test_checkout_promise_is_the_estimate_before_shipping(client, shopify):
    text = show(client, shopify, fulfillment="UNFULFILLED", promise=(3, 5))
    assert "Expected: " in text and " – " in text and "as promised at checkout" in text


def test_every_date_is_a_time_element(client, shopify):
    html = open_order(client, "1002", "hanako.yamada@example.com").get_data(as_text=True)
    times = re.findall(r'<time datetime="([^"]+)">', html)
    assert len(times) >= 8
    assert all(re.match(r"\d{4}-\d\d-\d\d", value) for value in times)


def test_shopify_strings_are_escaped(client, shopify):
    text = show(client, shopify, items=[Item("<script>alert(1)</script>", "5.00")])
    assert "<script>alert(1)</script>" in text  # shown as text ...
    html = open_order(client, "7001", EMAIL).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html  # ... never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_fulfillment_without_display_status_reads_from_its_own_status(client, shopify):
    order = build_order(7601, EMAIL, shipments=[
        Shipment("DELIVERED", [("UPS", "1Z5R89390357567127")], delivered_days_ago=1),
        Shipment("IN_TRANSIT", [("UPS", "1Z879E930346834440")])])
    order["fulfillments"][1].update(displayStatus=None, status="CANCELLED")
    shopify.store.add(order)
    text = text_of(open_order(client, "7601", EMAIL))
    assert "Shipment cancelled" in text and "Status being updated" not in text
    assert "Delivered on" in text and "On its way" not in text
