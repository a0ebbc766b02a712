"""A delivery's effect is bound to what Shopify signed: the body's shape must fit the topic, old
deliveries are refused, and a repeat is recognised by its webhook id, in either header spelling."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.test_webhooks import ALICE, PAYLOADS, about, deliver, look_up, order_calls, portal_keys


@pytest.mark.parametrize("kind", ["order", "fulfillment", "refund", "customers_redact",
                                  "customers_data_request"])
def test_a_body_signed_for_another_topic_cannot_redact_the_shop(client, redis_db, kind):
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    body = about(kind, "1001") if kind in ("order", "fulfillment", "refund") else PAYLOADS[kind]
    assert deliver(client, "shop/redact", body).status_code == 400
    assert portal_keys(redis_db) == before


def test_a_shop_redact_for_another_shop_clears_nothing(client, redis_db):
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    payload = {**PAYLOADS["shop_redact"], "shop_domain": "other-store.myshopify.com"}
    assert deliver(client, "shop/redact", payload).status_code == 400
    assert portal_keys(redis_db) == before


def test_an_order_topic_needs_a_payload_that_names_an_order(client, redis_db):
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    for payload in (PAYLOADS["shop_redact"], PAYLOADS["customers_redact"], {}):
        assert deliver(client, "orders/updated", payload).status_code == 400
    assert portal_keys(redis_db) == before


@pytest.mark.parametrize("age", [timedelta(hours=7), timedelta(days=30), -timedelta(hours=1)])
def test_deliveries_triggered_long_ago_or_in_the_future_are_refused(client, shopify, age):
    page = look_up(client, *ALICE)
    triggered = (datetime.now(UTC) - age).isoformat()
    assert deliver(client, "orders/updated", about("order", "1001"),
                   triggered_at=triggered).status_code == 400
    client.get(page)
    assert order_calls(shopify) == 1, "the cached copy was not dropped"


def test_a_delivery_retried_within_shopifys_retry_window_is_taken(client, shopify):
    page = look_up(client, *ALICE)
    triggered = (datetime.now(UTC) - timedelta(hours=3, minutes=50)).isoformat()
    assert deliver(client, "orders/updated", about("order", "1001"),
                   triggered_at=triggered).status_code == 200
    client.get(page)
    assert order_calls(shopify) == 2


def test_a_repeat_is_known_by_its_webhook_id_whatever_its_event_id(client, shopify):
    page = look_up(client, *ALICE)
    for event in ("e-1", "e-2"):
        assert deliver(client, "orders/updated", about("order", "1001"), webhook_id="w-1",
                       event_id=event).status_code == 200
        client.get(page)
    assert order_calls(shopify) == 2, "the second delivery of w-1 dropped nothing"


def test_without_a_webhook_id_the_event_id_tells_repeats(client, shopify):
    page = look_up(client, *ALICE)
    for _ in range(2):
        assert deliver(client, "orders/updated", about("order", "1001"), webhook_id="-",
                       event_id="e-7").status_code == 200
        client.get(page)
    assert order_calls(shopify) == 2


def test_events_deliveries_with_lower_case_shopify_headers_are_read(client, shopify):
    page = look_up(client, *ALICE)
    assert deliver(client, "orders/updated", about("order", "1001"), prefix="shopify-",
                   webhook_id="w-5").status_code == 200
    client.get(page)
    assert order_calls(shopify) == 2
    forged = deliver(client, "orders/updated", about("order", "1001"), prefix="shopify-",
                     secret="wrong")
    assert forged.status_code == 401
    assert deliver(client, "orders/updated", about("order", "1001"), prefix="shopify-",
                   webhook_id="w-5").status_code == 200
    client.get(page)
    assert order_calls(shopify) == 2, "a repeat in the new spelling is a repeat too"
