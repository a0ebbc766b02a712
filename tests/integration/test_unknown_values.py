"""A status value that a newer Admin API version adds gets a sensible generic label, never an
error: the mapping and the page are fed Shopify's JSON with values today's schema lacks."""

from datetime import UTC, datetime

from flask import render_template

from portal.demo.builder import Event, Shipment, build_order
from portal.shipping.carriers import CarrierDirectory
from portal.shipping.delivery import TransitTimes
from portal.shipping.rules import ShippingRules
from portal.shopify.mapping import OrderMapper
from portal.web import labels, stages

NEW = "SOMETHING_NEW_IN_2027_01"


def future_order():
    node = build_order(9901, "future@example.com", shipments=[Shipment(
        "IN_TRANSIT", [("UPS", "1Z5R89390357567127")],
        events=[Event("IN_TRANSIT", 3, "Scanned", "Reno", "US")])])
    node.update(displayFinancialStatus=NEW, displayFulfillmentStatus=NEW, returnStatus=NEW,
                cancelReason=None)
    shipment = node["fulfillments"][0]
    shipment["displayStatus"] = NEW
    shipment["events"][0]["status"] = NEW
    # Shopify's answer has connections as {"nodes": [...]}; the demo store keeps plain lists.
    node["lineItems"] = {"nodes": node["lineItems"], "pageInfo": {"hasNextPage": False}}
    node["fulfillmentOrders"] = {"nodes": node["fulfillmentOrders"]}
    for fulfillment in node["fulfillments"]:
        fulfillment["events"] = {"nodes": fulfillment["events"]}
        fulfillment["fulfillmentLineItems"] = {"nodes": fulfillment["fulfillmentLineItems"]}
    return node


def test_unknown_statuses_render_with_generic_labels(app):
    node = future_order()
    mapper = OrderMapper(ShippingRules(CarrierDirectory.load(), TransitTimes.load()))
    order = mapper.order(node, node["lineItems"]["nodes"], "America/Los_Angeles")
    with app.test_request_context("/order/x"):
        html = render_template("order.html", order=order, fetched_at=datetime.now(UTC),
                               stale=False, token="x", labels=labels, stages=stages)
    assert str(labels.PAYMENT_UNKNOWN[0]) in html
    assert str(labels.FULFILLMENT_UNKNOWN[0]) in html
    assert str(labels.SHIPMENT_UNKNOWN) in html
    assert NEW not in html.replace(NEW.lower(), "")
