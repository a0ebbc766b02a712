"""Carrier links, timelines, delivery estimates and calendar downloads on real order pages."""

import re

from portal.demo.builder import Event, Shipment, build_order
from tests.support.helpers import open_order, submit

EMAIL = "sora.kimura@example.com"


def order_html(client, shopify, **order):
    shopify.store.add(build_order(7501, EMAIL, **order))
    page = open_order(client, "7501", EMAIL)
    assert page.status_code == 200
    return page.get_data(as_text=True), page.request.path


def test_japanese_carrier_without_shopify_url_gets_a_table_link_and_estimate(client, shopify):
    html, _ = order_html(client, shopify, currency="JPY", country="JP", shipments=[
        Shipment("IN_TRANSIT", [("Yamato (JA)", "4321-8765-0912")])])
    assert re.search(r'href="https://[^"]*kuronekoyamato[^"]*432187650912', html)
    assert "usual delivery times" in html


def test_shopifys_own_url_wins(client, shopify):
    html, _ = order_html(client, shopify, shipments=[
        Shipment("IN_TRANSIT", [("Yamato (JA)", "4321-8765-0912", "https://track.example/own")])])
    assert 'href="https://track.example/own"' in html
    assert "kuronekoyamato" not in html


def test_a_number_matching_no_carrier_gets_no_invented_link(client, shopify):
    html, _ = order_html(client, shopify, shipments=[Shipment("IN_TRANSIT", [("Other", "ZZ-1")])])
    assert "ZZ-1" in html and "Track this parcel" not in html


def test_the_carrier_name_is_in_the_shoppers_language(client, shopify):
    shopify.store.add(build_order(7502, EMAIL, currency="JPY", country="JP", shipments=[
        Shipment("IN_TRANSIT", [("Yamato (JA)", "4321-8765-0912")])]))
    found = submit(client, "7502", EMAIL)
    assert "ヤマト運輸" in client.get(found.headers["Location"] + "?lang=ja").get_data(as_text=True)


def test_one_cached_order_links_japan_post_in_each_shoppers_language(client, shopify):
    shopify.store.add(build_order(7503, EMAIL, currency="JPY", country="JP", shipments=[
        Shipment("IN_TRANSIT", [("Japan Post (EN)", "1846-2215-3370")])]))
    page = submit(client, "7503", EMAIL).headers["Location"]
    japanese = client.get(page + "?lang=ja").get_data(as_text=True)
    english = client.get(page + "?lang=en").get_data(as_text=True)
    assert re.search(r'href="[^"]*reqCodeNo1=184622153370[^"]*locale=ja"', japanese)
    assert re.search(r'href="[^"]*reqCodeNo1=184622153370[^"]*locale=en"', english)


def test_timeline_is_newest_first_with_city_and_translated_label(client, shopify):
    html, _ = order_html(client, shopify, shipments=[Shipment("OUT_FOR_DELIVERY", events=[
        Event("CARRIER_PICKED_UP", 30, "Received at depot", "Oslo", "NO"),
        Event("IN_TRANSIT", 20, "Departed terminal", "Hamar", "NO"),
        Event("OUT_FOR_DELIVERY", 2, "Loaded on van", "Trondheim", "NO")])])
    timeline = html.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert timeline.index("Trondheim") < timeline.index("Hamar") < timeline.index("Oslo")
    assert "Picked up by the carrier" in timeline and "Loaded on van" in timeline
    assert timeline.count("<time datetime=") == 3


def test_progress_indicator_does_not_rely_on_colour(client, shopify):
    html, _ = order_html(client, shopify, shipments=[Shipment("OUT_FOR_DELIVERY")])
    progress = html.split('class="progress"', 1)[1].split("</ol>", 1)[0]
    assert progress.count("Done:") == 4 and 'aria-current="step"' in progress


def test_a_late_parcel_says_so_and_keeps_its_date(client, shopify):
    html, _ = order_html(client, shopify, shipments=[
        Shipment("IN_TRANSIT", [("UPS", "1Z5R89390357567127")], days_ago=30)])
    assert "Running late" in html


def test_estimate_is_hidden_once_delivered(client, shopify):
    html, _ = order_html(client, shopify, shipments=[
        Shipment("DELIVERED", [("UPS", "1Z5R89390357567127")], delivered_days_ago=1)])
    assert "Expected" not in html and "Arriving" not in html


def test_delivery_window_downloads_as_a_calendar_event(client, shopify):
    html, path = order_html(client, shopify, fulfillment="UNFULFILLED", promise=(3, 5))
    link = re.search(r'href="([^"]+delivery-0\.ics)"', html).group(1)
    response = client.get(link)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "BEGIN:VEVENT" in body and "DTSTART;VALUE=DATE:" in body
    assert "SUMMARY:Delivery of order #7501" in body
    assert "\r\n" in body and EMAIL not in body


def test_shipment_calendar_and_unknown_ones(client, shopify):
    html, path = order_html(client, shopify, shipments=[
        Shipment("IN_TRANSIT", [("UPS", "1Z5R89390357567127")], estimated_in_days=2)])
    assert client.get(path + "/delivery-1.ics").status_code == 200
    assert client.get(path + "/delivery-9.ics").status_code == 404
    assert client.get("/order/forged/delivery-1.ics").status_code == 404


def test_ready_pickup_offers_a_calendar_event_at_the_location(client, shopify):
    page = open_order(client, "1020", "nils.lie@example.com")
    html = page.get_data(as_text=True)
    link = re.search(r'href="([^"]+pickup\.ics)"', html).group(1)
    body = client.get(link).get_data(as_text=True)
    assert "LOCATION:" in body and "SUMMARY:Collect order #1020" in body
    assert re.search(r"DTSTART;VALUE=DATE:\d{8}\r\n", body)


def test_collected_pickup_says_so(client, shopify):
    html = open_order(client, "1019", "kari.hansen@example.com").get_data(as_text=True)
    assert "You collected your order at:" in html
