"""The core journey over real HTTP to the fake Shopify and a real Redis: form, lookup, order page."""

import re

import pytest

from portal import create_app
from portal.demo.builder import build_order
from portal.lookup.links import STATUS_PAGE_SECONDS
from tests.support.clock import FakeClock
from tests.support.helpers import open_order, submit


def test_form_has_the_fields_a_phone_needs(client):
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="email"' in html and 'name="order_number"' in html
    assert 'autocomplete="email"' in html and 'inputmode="email"' in html
    assert 'inputmode="text"' in html
    assert '<label class="label" for="order_number">' in html
    assert 'name="csrf_token"' in html
    assert "order confirmation email" in html


def test_deep_link_prefills_the_order_number(client):
    html = client.get("/?order=1001").get_data(as_text=True)
    assert re.search(r'name="order_number"[^>]*value="1001"', html)


def test_lookup_redirects_to_a_link_without_personal_data(client):
    found = submit(client, "#1001", "alice.martin@example.com")
    assert found.status_code == 303
    location = found.headers["Location"]
    assert location.startswith("/order/")
    for leak in ("alice", "example", "1001", "%40", "@"):
        assert leak not in location.lower()


@pytest.mark.parametrize("typed_number,typed_email", [
    ("1001", "alice.martin@example.com"),
    ("  #1001 ", "  ALICE.MARTIN@EXAMPLE.COM "),
    ("＃１００１", "Alice.Martin@Example.com"),
    ("xpav284ct", "alice.martin@example.com"),
])
def test_order_opens_for_what_shoppers_really_type(client, typed_number, typed_email):
    page = open_order(client, typed_number, typed_email)
    assert page.status_code == 200
    assert "Order #1001" in page.get_data(as_text=True)


def test_order_page_is_not_stored_and_refresh_works(client):
    found = submit(client, "1001", "alice.martin@example.com")
    first = client.get(found.headers["Location"])
    again = client.get(found.headers["Location"])
    assert first.status_code == again.status_code == 200
    assert first.headers["Cache-Control"] == "no-store"


def test_fuzzy_neighbour_is_never_shown(client, shopify):
    # Shopify's search for name:"#1001" also returns #10011; its email is Bob's, not Alice's.
    response = submit(client, "1001", "bob.hansen@example.com")
    assert response.status_code == 404
    assert shopify.calls("PortalCandidates"), "the search did reach Shopify"


def test_test_orders_are_not_shown(client):
    assert submit(client, "1023", "test.buyer@example.com").status_code == 404


def test_invalid_input_gets_a_plain_error_and_no_shopify_call(client, shopify):
    response = submit(client, "", "not-an-email")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter your order number." in html
    assert "name@example.com" in html
    assert 'aria-invalid="true"' in html
    assert shopify.calls("PortalCandidates") == []


def test_missing_csrf_token_is_refused(client, shopify):
    response = client.post("/", data={"order_number": "1001", "email": "alice.martin@example.com"})
    assert response.status_code == 400
    assert shopify.calls("PortalCandidates") == []


def test_forged_or_expired_link_gets_a_clear_page(client):
    response = client.get("/order/not-a-real-token")
    assert response.status_code == 404
    assert "This link has expired" in response.get_data(as_text=True)


def test_status_page_link_mints_a_fresh_url_each_time(client, shopify):
    found = submit(client, "1001", "alice.martin@example.com")
    status_path = found.headers["Location"] + "/status-page"
    first = client.get(status_path)
    second = client.get(status_path)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] != second.headers["Location"]
    assert len(shopify.calls("PortalStatusPage")) == 2


def test_the_status_page_is_offered_only_shortly_after_the_lookup(settings, redis_db, shopify):
    clock = FakeClock()
    app = create_app(settings, clock=clock)
    client = app.test_client()
    order_url = submit(client, "1001", "alice.martin@example.com").headers["Location"]
    assert "/status-page" in client.get(order_url).get_data(as_text=True)
    clock.advance(STATUS_PAGE_SECONDS + 1)
    page = client.get(order_url)
    assert page.status_code == 200, "the order page itself lives ORDER_LINK_TTL"
    assert "/status-page" not in page.get_data(as_text=True)
    assert client.get(order_url + "/status-page").status_code == 404
    assert shopify.calls("PortalStatusPage") == []


def test_healthz_reports_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "redis": True}


def test_the_stores_own_prefix_and_suffix_are_understood(client, shopify):
    shopify.store.shop.update(orderNumberFormatPrefix="EN", orderNumberFormatSuffix="-A")
    shopify.store.add(build_order(2001, "prefix@example.com", name="EN2001-A"))
    for typed in ("2001", "EN2001-A", "en2001-a", " ＥＮ２００１ "):
        page = open_order(client, typed, "prefix@example.com")
        assert "Order EN2001-A" in page.get_data(as_text=True), typed


def test_the_delivery_address_is_recognisable_but_not_readable(client, shopify):
    order = build_order(2002, "address@example.com")
    order["shippingAddress"] = {**order["shippingAddress"], "address1": "Storgata 15 B",
                                "phone": "+47 912 34 567"}
    shopify.store.add(order)
    html = open_order(client, "2002", "address@example.com").get_data(as_text=True)
    address = html.split('class="address"', 1)[1].split("</p>", 1)[0]
    assert "Storg…" in address
    assert "15" not in address and "912" not in html and "+47" not in html
