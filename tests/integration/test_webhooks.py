"""Shopify webhooks: only signed deliveries count, and each drops exactly the cached data it is
about, so the next lookup shows Shopify's change at once."""

import base64
import copy
import hashlib
import hmac
import json
import logging
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from portal.lookup.stage import Stage
from portal.web import stages
from tests.support.helpers import submit

SECRET = "test-api-secret"  # SHOPIFY_API_SECRET of the test settings
SHOP = "demo-store.myshopify.com"
PAYLOADS = json.loads((Path(__file__).parents[1] / "data" / "shopify_webhooks.json").read_text())

ALICE = ("1001", "alice.martin@example.com")
HANAKO = ("1002", "hanako.yamada@example.com")
OLIVIA = ("1010", "olivia.brown@example.com")


def legacy_id(number: str) -> int:
    """The REST id the demo store gives an order number (see portal/demo/builder.py)."""
    return 5_500_000_000_000 + int(number)


def gid(number: str) -> str:
    return f"gid://shopify/Order/{legacy_id(number)}"


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def deliver(client, topic, payload, *, webhook_id=None, event_id=None, secret=SECRET,
            signature=None, shop=SHOP, body=None, triggered_at=None, prefix="X-Shopify-"):
    """POST a delivery as Shopify does: raw JSON body, signature and topic in headers (named
    with `prefix`: "X-Shopify-" for webhooks, "Shopify-" for Events deliveries)."""
    body = json.dumps(payload).encode() if body is None else body
    now = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    headers = {"Topic": topic, "Shop-Domain": shop, "API-Version": "2026-07",
               "Webhook-Id": webhook_id or str(uuid.uuid4()),
               "Event-Id": event_id or str(uuid.uuid4()), "Triggered-At": triggered_at or now}
    if signature is not False:
        headers["Hmac-Sha256"] = signature or sign(body, secret)
    headers = {prefix + name: value for name, value in headers.items() if value != "-"}
    return client.post("/webhooks/shopify", data=body, headers=headers,
                       content_type="application/json")


def about(kind: str, number: str) -> dict:
    """A REST payload of one kind from tests/data, pointing at one of the demo store's orders."""
    payload = copy.deepcopy(PAYLOADS[kind])
    order_id = legacy_id(number)
    if kind == "order":
        payload.update(id=order_id, admin_graphql_api_id=gid(number), name=f"#{number}")
    elif kind == "order_delete":
        payload["id"] = order_id
    elif kind == "order_edit":
        payload["order_edit"]["order_id"] = order_id
    elif kind == "return":
        payload["order"] = {"id": order_id, "admin_graphql_api_id": gid(number)}
    else:
        payload["order_id"] = order_id
    return payload


def look_up(client, number, email):
    """Look an order up and open its page; return the page's URL."""
    found = submit(client, number, email)
    assert found.status_code == 303
    location = found.headers["Location"]
    assert client.get(location).status_code == 200
    return location


def order_calls(shopify):
    return len(shopify.calls("PortalOrder"))


def portal_keys(redis_db):
    """Every key of the portal but the records of deliveries already seen."""
    return set(redis_db.keys("portal:v1:*")) - set(redis_db.keys("portal:v1:seen:*"))


def cached_keys(app, number, email, *, with_email_index=False):
    """The Redis keys of one looked-up order: its lookup, its page data and its index (and the
    index of everything its email opened, which outlives one order's entries)."""
    keys = app.extensions["portal"].keys
    digest = keys.email_digest(email)
    found = [keys.lookup(number, email), keys.order(gid(number), digest),
             keys.order_index(gid(number))]
    if with_email_index:
        found.append(keys.email_index(digest))
    return {"portal:v1:" + key for key in found}


# --- signatures ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["forged", "missing", "wrong_secret", "garbage", "empty"])
def test_a_delivery_without_a_valid_signature_is_refused_and_changes_nothing(
        app, client, shopify, redis_db, case):
    page = look_up(client, *ALICE)
    before = portal_keys(redis_db)
    payload = about("order", "1001")
    options = {"forged": {"signature": sign(b'{"id": 1}')}, "missing": {"signature": False},
               "wrong_secret": {"secret": "another-apps-secret"},
               "garbage": {"signature": "not base64 at all"}, "empty": {"signature": " "}}[case]
    assert deliver(client, "orders/updated", payload, **options).status_code == 401
    assert portal_keys(redis_db) == before
    client.get(page)
    assert order_calls(shopify) == 1


def test_a_body_changed_after_signing_is_refused(client, redis_db):
    body = json.dumps(about("order", "1001")).encode()
    tampered = body.replace(b'"#1001"', b'"#1002"')
    response = deliver(client, "orders/updated", None, body=tampered, signature=sign(body))
    assert response.status_code == 401


def test_without_a_secret_every_delivery_is_refused_and_logged_once(make_app, caplog):
    caplog.set_level(logging.WARNING, logger="portal.webhooks")
    client = make_app(SHOPIFY_API_SECRET="").test_client()
    for _ in range(3):
        assert deliver(client, "orders/updated", about("order", "1001")).status_code == 401
    assert caplog.text.count("webhooks are not configured") == 1


# --- invalidation --------------------------------------------------------------------------

def test_a_webhook_makes_the_next_lookup_show_the_change(client, shopify):
    page = look_up(client, *OLIVIA)
    # The order has no parcels: its stage follows the fulfilment status alone.
    unfulfilled, _ = stages.WORDS[Stage.RECEIVED]
    fulfilled, _ = stages.WORDS[Stage.ON_ITS_WAY]
    assert str(unfulfilled) in client.get(page).get_data(as_text=True)

    shopify.store.update(gid("1010"), displayFulfillmentStatus="FULFILLED")
    stale = client.get(page).get_data(as_text=True)
    assert str(unfulfilled) in stale and str(fulfilled) not in stale, "served from the cache"
    assert order_calls(shopify) == 1

    assert deliver(client, "orders/fulfilled", about("order", "1010")).status_code == 200
    fresh = client.get(page).get_data(as_text=True)
    assert str(fulfilled) in fresh and str(unfulfilled) not in fresh
    assert order_calls(shopify) == 2


@pytest.mark.parametrize("topic,kind", [
    ("orders/updated", "order"), ("orders/cancelled", "order"), ("orders/fulfilled", "order"),
    ("orders/partially_fulfilled", "order"), ("orders/delete", "order_delete"),
    ("orders/edited", "order_edit"),
    ("fulfillments/create", "fulfillment"), ("fulfillments/update", "fulfillment"),
    ("fulfillment_events/create", "fulfillment_event"),
    ("fulfillment_events/delete", "fulfillment_event"),
    ("refunds/create", "refund"),
    ("returns/request", "return"), ("returns/approve", "return"), ("returns/close", "return"),
    ("returns/process", "return"),
])
def test_each_topic_drops_its_order_and_only_that(app, client, shopify, redis_db, topic, kind):
    alice, hanako = look_up(client, *ALICE), look_up(client, *HANAKO)
    assert cached_keys(app, *ALICE) <= portal_keys(redis_db)
    assert deliver(client, topic, about(kind, "1001")).status_code == 200
    assert not cached_keys(app, *ALICE) & portal_keys(redis_db)
    assert cached_keys(app, *HANAKO) <= portal_keys(redis_db)
    client.get(alice)
    client.get(hanako)
    assert order_calls(shopify) == 3, "Alice's order read again, Hanako's still cached"


def test_the_order_id_may_come_as_a_graphql_id(client, shopify):
    page = look_up(client, *ALICE)
    payload = about("return", "1001")
    payload["order"] = {"admin_graphql_api_id": gid("1001")}
    assert deliver(client, "returns/reopen", payload).status_code == 200
    client.get(page)
    assert order_calls(shopify) == 2


def test_a_fulfillment_is_not_mistaken_for_its_order(client, shopify, redis_db):
    # A fulfillment's admin_graphql_api_id names the fulfillment: only order_id counts.
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    payload = about("fulfillment", "1001")
    del payload["order_id"]
    payload["admin_graphql_api_id"] = f"gid://shopify/Fulfillment/{legacy_id('1001')}"
    # Without its order_id it is no fulfillment payload at all: refused, nothing dropped.
    assert deliver(client, "fulfillments/update", payload).status_code == 400
    assert portal_keys(redis_db) == before


def test_an_order_payload_far_above_the_form_limit_is_accepted(client, shopify):
    page = look_up(client, *ALICE)
    payload = about("order", "1001")
    payload["line_items"] = payload["line_items"] * 200  # an order with a few hundred lines
    body = json.dumps(payload).encode()
    assert 200_000 < len(body) < 2 * 1024 * 1024
    assert deliver(client, "orders/updated", None, body=body).status_code == 200
    client.get(page)
    assert order_calls(shopify) == 2


def test_bodies_above_two_megabytes_are_refused_and_forms_keep_their_limit(client):
    body = b'{"id": 1, "note": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    assert deliver(client, "orders/updated", None, body=body).status_code == 413
    form = client.post("/", data={"order_number": "1001", "email": "a@example.com",
                                  "note": "x" * 20_000})
    assert form.status_code == 413


# --- duplicates, timing, what is ignored ----------------------------------------------------

def test_a_repeated_delivery_is_processed_once(client, shopify, redis_db):
    page = look_up(client, *ALICE)
    assert deliver(client, "orders/updated", about("order", "1001"), webhook_id="w-1").status_code == 200
    client.get(page)  # read again from Shopify and cached anew
    assert order_calls(shopify) == 2
    cached = portal_keys(redis_db)

    assert deliver(client, "orders/updated", about("order", "1001"), webhook_id="w-1").status_code == 200
    assert portal_keys(redis_db) == cached, "the repeat dropped nothing"
    client.get(page)
    assert order_calls(shopify) == 2

    assert deliver(client, "orders/updated", about("order", "1001"), webhook_id="w-2").status_code == 200
    client.get(page)
    assert order_calls(shopify) == 3, "a new event is processed"


def test_a_forged_delivery_does_not_use_up_a_webhook_id(client, shopify):
    page = look_up(client, *ALICE)
    forged = deliver(client, "orders/updated", about("order", "1001"), webhook_id="w-9",
                     secret="wrong")
    assert forged.status_code == 401
    assert deliver(client, "orders/updated", about("order", "1001"), webhook_id="w-9").status_code == 200
    client.get(page)
    assert order_calls(shopify) == 2


def test_the_answer_comes_at_once_even_while_shopify_is_slow(client, shopify):
    look_up(client, *ALICE)
    shopify.latency = 3
    calls = len(shopify.calls())
    started = time.monotonic()
    response = deliver(client, "orders/updated", about("order", "1001"))
    assert response.status_code == 200 and time.monotonic() - started < 1
    assert len(shopify.calls()) == calls, "no Shopify call in the webhook path"


@pytest.mark.parametrize("topic", ["products/update", "fulfillment_orders/placed_on_hold",
                                   "app/uninstalled", "not a topic"])
def test_topics_the_portal_has_no_use_for_are_acknowledged_and_ignored(client, redis_db, topic):
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    assert deliver(client, topic, about("order", "1001")).status_code == 200
    assert portal_keys(redis_db) == before


def test_a_delivery_for_another_store_changes_nothing(client, redis_db):
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    response = deliver(client, "shop/redact", PAYLOADS["shop_redact"],
                       shop="someone-else.myshopify.com")
    assert response.status_code == 200
    assert portal_keys(redis_db) == before


def test_a_signed_body_that_is_not_a_json_object_is_a_bad_request(client):
    for body in (b"not json", b"[1, 2]", b"\xff\xfe"):
        assert deliver(client, "orders/updated", None, body=body).status_code == 400


def test_while_redis_is_unreachable_shopify_is_asked_to_deliver_again(make_app):
    client = make_app(REDIS_URL="redis://127.0.0.1:9/0").test_client()
    assert deliver(client, "customers/redact", PAYLOADS["customers_redact"]).status_code == 503


# --- privacy topics -------------------------------------------------------------------------

def test_customer_redact_drops_that_customer_only(app, client, redis_db, caplog):
    caplog.set_level(logging.INFO, logger="portal")
    look_up(client, *ALICE)
    look_up(client, *HANAKO)
    payload = copy.deepcopy(PAYLOADS["customers_redact"])
    payload["customer"]["email"] = "Alice.Martin@Example.com"  # as Shopify stores it
    payload["orders_to_redact"] = [legacy_id("1001")]
    assert deliver(client, "customers/redact", payload).status_code == 200
    remaining = portal_keys(redis_db)
    assert not cached_keys(app, *ALICE, with_email_index=True) & remaining
    assert cached_keys(app, *HANAKO, with_email_index=True) <= remaining
    assert "alice" not in caplog.text.lower()


def test_customer_redact_by_order_ids_alone(app, client, redis_db):
    look_up(client, *ALICE)
    payload = {**PAYLOADS["customers_redact"], "customer": {"id": 191167, "email": None},
               "orders_to_redact": [legacy_id("1001")]}
    assert deliver(client, "customers/redact", payload).status_code == 200
    assert cached_keys(app, *ALICE).isdisjoint(portal_keys(redis_db))


def test_shop_redact_drops_every_portal_key(client, redis_db):
    look_up(client, *ALICE)
    look_up(client, *HANAKO)
    submit(client, "1003", "mallory@example.com")  # a failed guess is cached too
    assert len(portal_keys(redis_db)) > 8
    assert deliver(client, "shop/redact", PAYLOADS["shop_redact"]).status_code == 200
    assert redis_db.keys("portal:v1:*") == []
    # The guess counters hold no shop data, and clearing them would hand guessers a fresh start.
    assert redis_db.keys("portal:limits:v1:*")


def test_a_customer_data_request_is_answered_without_dropping_or_logging_the_email(
        client, redis_db, caplog):
    caplog.set_level(logging.INFO, logger="portal")
    look_up(client, *ALICE)
    before = portal_keys(redis_db)
    payload = copy.deepcopy(PAYLOADS["customers_data_request"])
    payload["customer"]["email"] = ALICE[1]
    assert deliver(client, "customers/data_request", payload).status_code == 200
    assert portal_keys(redis_db) == before
    assert "topic=customers/data_request outcome=nothing_held" in caplog.text
    assert "alice" not in caplog.text.lower()
