"""A Dev Dashboard app: the portal gets, reuses and renews its own access tokens from the fake
Shopify's client credentials grant, over real HTTP."""

import logging
import threading
import time

import pytest

from portal.clock import SYSTEM_CLOCK, Clock
from portal.demo.oauth import OPERATION
from tests.conftest import SECRET_KEY
from tests.support.clock import FakeClock
from tests.support.gunicorn_process import GunicornProcess
from tests.support.helpers import csrf_token, lookup_over_http, open_order, submit

ORDERS = (("1001", "alice.martin@example.com"), ("1002", "hanako.yamada@example.com"),
          ("1003", "kenji.sato@example.com"), ("1004", "ingrid.nordmann@example.com"),
          ("1006", "lucia.garcia@example.com"))


@pytest.fixture
def oauth(shopify):
    """The fake's app; its token lifetime is restored and its tokens revoked afterwards."""
    yield shopify.oauth
    shopify.oauth.faults.clear()
    shopify.oauth.expires_in = 86399
    shopify.oauth.revoke_all()


@pytest.fixture
def make_dev_app(make_app, oauth):
    """Build the portal as a Dev Dashboard app: client ID and secret, no access token."""
    def build(clock: Clock = SYSTEM_CLOCK, **overrides):
        return make_app(clock, SHOPIFY_ACCESS_TOKEN="", SHOPIFY_CLIENT_ID=oauth.client_id,
                        SHOPIFY_API_SECRET=oauth.client_secret, **overrides)
    return build


def token_requests(shopify):
    return shopify.calls(OPERATION)


def rejected_calls(shopify):
    return [call for call in shopify.calls() if call.operation != OPERATION and call.status == 401]


def test_orders_are_looked_up_with_one_token_fetched_on_first_use(make_dev_app, shopify):
    client = make_dev_app(RATE_LIMIT_PER_IP="100 per minute").test_client()
    for number, email in ORDERS:
        assert open_order(client, number, email).status_code == 200
    granted = token_requests(shopify)
    assert len(granted) == 1, "one token serves every lookup"
    assert granted[0].status == 200
    assert granted[0].variables == {"grant_type": "client_credentials", "client_id": "demo-client"}
    assert len(shopify.calls("PortalOrder")) == len(ORDERS)
    assert rejected_calls(shopify) == []


def test_a_token_is_renewed_before_it_expires(make_dev_app, shopify, oauth):
    oauth.expires_in = 5  # renewed 0.5 s early
    clock = FakeClock()
    client = make_dev_app(clock, ORDER_CACHE_TTL=1).test_client()
    found = submit(client, "1001", "alice.martin@example.com")
    assert client.get(found.headers["Location"]).status_code == 200
    assert len(token_requests(shopify)) == 1
    # Each step is past ORDER_CACHE_TTL, so every view asks Shopify and needs a token.
    clock.advance(3.0)
    assert client.get(found.headers["Location"]).status_code == 200
    assert len(token_requests(shopify)) == 1, "not renewed long before it expires"
    clock.advance(1.6)
    assert client.get(found.headers["Location"]).status_code == 200
    assert len(token_requests(shopify)) == 2, "renewed while the first token was still valid"
    clock.advance(1.2)
    assert client.get(found.headers["Location"]).status_code == 200
    assert len(token_requests(shopify)) == 2
    assert rejected_calls(shopify) == [], "Shopify never saw an expired token"


def test_a_failed_early_renewal_keeps_the_current_token_until_it_expires(make_dev_app, shopify,
                                                                       oauth, caplog):
    oauth.expires_in = 5
    clock = FakeClock()
    client = make_dev_app(clock, ORDER_CACHE_TTL=1).test_client()
    found = submit(client, "1001", "alice.martin@example.com")
    assert client.get(found.headers["Location"]).status_code == 200
    oauth.fail("server_error", status=503)
    clock.advance(4.6)
    assert client.get(found.headers["Location"]).status_code == 200
    assert [call.status for call in token_requests(shopify)] == [200, 503]
    assert [call.status for call in shopify.calls("PortalOrder")] == [200, 200], "not a stale copy"
    assert "using the current one until it expires" in caplog.text


def test_a_revoked_token_is_renewed_once_and_the_lookup_succeeds(make_dev_app, shopify, oauth):
    client = make_dev_app().test_client()
    assert open_order(client, "1001", "alice.martin@example.com").status_code == 200
    oauth.revoke_all()
    assert open_order(client, "1002", "hanako.yamada@example.com").status_code == 200
    assert len(token_requests(shopify)) == 2
    assert len(rejected_calls(shopify)) == 1, "only the first call after the revocation failed"


def test_a_new_token_rejected_too_is_not_renewed_again(make_dev_app, shopify, caplog):
    client = make_dev_app().test_client()
    token = csrf_token(client)
    shopify.fail("unauthorized", times=None)
    for number, email in ORDERS[:2]:
        response = client.post("/", data={"csrf_token": token, "order_number": number,
                                          "email": email})
        assert response.status_code == 503
    assert len(token_requests(shopify)) == 2, "the first token, then one renewal, not one a lookup"
    assert "rejected the access token (HTTP 401): check SHOPIFY_CLIENT_ID" in caplog.text


def test_a_wrong_client_secret_shows_unavailable_and_tells_the_operator_once(
        make_app, shopify, oauth, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_app(SHOPIFY_ACCESS_TOKEN="", SHOPIFY_CLIENT_ID=oauth.client_id,
                      SHOPIFY_API_SECRET="not-the-client-secret").test_client()
    response = submit(client, "1001", "alice.martin@example.com")
    assert response.status_code == 503
    assert "can't reach the store right now" in response.get_data(as_text=True)
    operator = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(operator) == 1, [r.getMessage() for r in operator]
    assert "SHOPIFY_CLIENT_ID and SHOPIFY_API_SECRET" in operator[0].getMessage()
    assert "invalid_client" in operator[0].getMessage()
    assert len(token_requests(shopify)) == 1, "refused credentials are not asked again at once"
    for secret in ("not-the-client-secret", oauth.client_secret, "shpat_"):
        assert secret not in caplog.text
        assert secret not in response.get_data(as_text=True)


def test_concurrent_first_lookups_share_one_token_request(make_dev_app, shopify, oauth):
    app = make_dev_app(SHOPIFY_MAX_CALLS_PER_SECOND=100)
    oauth.fail("hang", seconds=0.5)  # the first token request takes a while
    answers = []

    def shopper(number, email):
        answers.append(submit(app.test_client(), number, email).status_code)

    threads = [threading.Thread(target=shopper, args=order) for order in ORDERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    assert answers == [303] * len(ORDERS)
    assert len(token_requests(shopify)) == 1


def test_a_hanging_token_endpoint_is_bounded_by_the_lookup_deadline(make_dev_app, shopify, oauth):
    client = make_dev_app(SHOPIFY_TIMEOUT=2).test_client()
    token = csrf_token(client)  # a first token, and the shop's settings, while all is well
    oauth.revoke_all()
    oauth.fail("hang", times=None, seconds=30)
    started = time.monotonic()
    response = client.post("/", data={"csrf_token": token, "order_number": "1002",
                                      "email": "hanako.yamada@example.com"})
    seconds = time.monotonic() - started
    assert response.status_code == 503
    assert 1.5 < seconds < 3, "it waited for a new token until the 2 s deadline, no longer"
    assert len(rejected_calls(shopify)) == 1, "the revoked token, then no call without one"


def test_each_gunicorn_worker_gets_one_token_for_all_its_threads(shopify, oauth, redis_url,
                                                                 redis_db):
    settings = {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4",
                "SHOPIFY_SHOP": "demo-store.myshopify.com", "SHOPIFY_API_URL": shopify.url,
                "SHOPIFY_CLIENT_ID": oauth.client_id, "SHOPIFY_API_SECRET": oauth.client_secret,
                "REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY,
                "RATE_LIMIT_PER_IP": "1000 per minute", "SHOPIFY_MAX_CALLS_PER_SECOND": "100"}
    answers = []
    with GunicornProcess(settings) as gunicorn:
        threads = [threading.Thread(target=lambda o=order: answers.append(
            lookup_over_http(gunicorn.url, *o))) for order in ORDERS + ORDERS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=15)
        workers = len(gunicorn.worker_pids())
    assert answers == [303] * len(threads)
    assert workers == 2
    assert 1 <= len(token_requests(shopify)) <= workers, "one token per worker at most"
