"""Shopify slow, throttled or down, Redis stopped or frozen: the shopper still gets an answer."""

import logging
import threading
import time

import pytest

from tests.support.clock import FakeClock
from tests.support.helpers import csrf_token, open_order, submit
from tests.support.redis_process import RedisProcess


def timed(action):
    started = time.monotonic()
    result = action()
    return result, time.monotonic() - started


def lookup_answer(client):
    return submit(client, "1002", "hanako.yamada@example.com")


def failing_lookup(client, shopify, kind, times=None, **options):
    """Open the form while Shopify is well, then look an order up while it fails as told."""
    token = csrf_token(client)
    shopify.fail(kind, times=times, **options)
    return timed(lambda: client.post("/", data={
        "csrf_token": token, "order_number": "1002", "email": "hanako.yamada@example.com"}))


def test_a_hung_shopify_gets_an_answer_within_ten_seconds(client, shopify):
    response, seconds = failing_lookup(client, shopify, "hang", seconds=30)
    assert response.status_code == 503 and seconds < 10
    assert response.headers["Retry-After"] == "60"
    assert "can't reach the store right now" in response.get_data(as_text=True)


def test_a_dripping_shopify_is_cut_off_by_the_deadline(make_app, shopify):
    client = make_app(SHOPIFY_TIMEOUT=2).test_client()
    response, seconds = failing_lookup(client, shopify, "drip", interval=0.2)
    assert response.status_code == 503 and seconds < 3


@pytest.mark.parametrize("kind", ["server_error", "malformed"])
def test_one_transient_failure_is_retried(client, shopify, kind):
    assert failing_lookup(client, shopify, kind, times=1)[0].status_code == 303
    assert len(shopify.calls("PortalCandidates")) == 2


@pytest.mark.parametrize("kind", ["server_error", "malformed"])
def test_a_lasting_failure_is_retried_once_then_shown_as_unavailable(client, shopify, kind):
    response, _ = failing_lookup(client, shopify, kind)
    assert response.status_code == 503
    assert len(shopify.calls("PortalCandidates")) == 2


@pytest.mark.parametrize("kind", ["throttled", "throttled_429"])
def test_throttling_waits_and_retries(client, shopify, kind):
    options = {"retry_after": 1} if kind == "throttled_429" else {}
    response, seconds = failing_lookup(client, shopify, kind, times=1, **options)
    assert response.status_code == 303
    assert len(shopify.calls("PortalCandidates")) == 2
    assert seconds >= 0.05


def test_the_client_waits_for_the_bucket_instead_of_spending_a_refused_call(client, shopify):
    open_order(client, "1001", "alice.martin@example.com")  # learns what each query costs
    shopify.bucket.set_available(0)
    shopify.bucket.restore_rate = 400.0  # refills within the lookup's deadline
    assert open_order(client, "1003", "kenji.sato@example.com").status_code == 200
    # The first call after another app drained the bucket can't know it; the next one does.
    throttled = [c.operation for c in shopify.calls() if "Throttled" in c.errors]
    assert "PortalOrder" not in throttled, throttled


def test_a_rejected_token_tells_the_operator_and_shows_unavailable(client, shopify, caplog):
    response, _ = failing_lookup(client, shopify, "unauthorized")
    assert response.status_code == 503
    assert len(shopify.calls("PortalCandidates")) == 1, "a 401 is never retried"
    assert "rejected the access token" in caplog.text


def test_a_cached_order_is_shown_with_its_age_when_shopify_fails(make_app, shopify):
    clock = FakeClock()
    client = make_app(clock, ORDER_CACHE_TTL=1).test_client()
    found = submit(client, "1001", "alice.martin@example.com")
    assert client.get(found.headers["Location"]).status_code == 200
    clock.advance(1.1)
    shopify.fail("server_error", times=None)
    page = client.get(found.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "We can't reach the store right now, so this is your order as it was on" in html
    assert "Last updated" in html
    again = submit(client, "1001", "alice.martin@example.com")
    assert again.status_code == 303, "a new lookup still reaches the last good copy"


def test_nothing_cached_and_shopify_down_is_a_503_page(client, shopify):
    response, _ = failing_lookup(client, shopify, "server_error", status=502)
    assert response.status_code == 503
    assert "Traceback" not in response.get_data(as_text=True)


def test_cached_orders_and_health_stay_fast_while_shopify_hangs(make_app, shopify):
    app = make_app(SHOPIFY_MAX_CONCURRENT=2)
    cached = app.test_client()
    order_url = submit(cached, "1001", "alice.martin@example.com").headers["Location"]
    assert cached.get(order_url).status_code == 200
    shopify.fail("hang", times=None, seconds=30)
    stuck = [threading.Thread(target=lambda n=n: lookup_answer(app.test_client())) for n in range(6)]
    for thread in stuck:
        thread.start()
    time.sleep(0.3)
    page, page_seconds = timed(lambda: cached.get(order_url))
    health, health_seconds = timed(lambda: cached.get("/healthz"))
    shopify.release()
    for thread in stuck:
        thread.join(timeout=15)
    assert page.status_code == 200 and page_seconds < 0.5
    assert health.status_code == 200 and health_seconds < 0.5
    hanging = [c for c in shopify.calls("PortalCandidates") if c.fault == "hang"]
    assert len(hanging) <= 2, "no more Shopify calls at once than the cap"


@pytest.fixture
def own_redis():
    with RedisProcess() as server:
        yield server


def test_redis_stopped_and_restarted_mid_test(make_app, shopify, own_redis, caplog):
    caplog.set_level(logging.WARNING)
    clock = FakeClock()
    client = make_app(clock, REDIS_URL=own_redis.url).test_client()
    assert open_order(client, "1001", "alice.martin@example.com").status_code == 200
    own_redis.stop()
    for _ in range(3):
        page, seconds = timed(lambda: open_order(client, "1002", "hanako.yamada@example.com"))
        assert page.status_code == 200 and seconds < 3
    assert caplog.text.count("event=outage backend=redis use=cache state=down") == 1, \
        "warned once, not per request"
    assert client.get("/healthz").get_json() == {"status": "degraded", "redis": False}
    own_redis.restart()
    assert client.get("/healthz").get_json() == {"status": "ok", "redis": True}
    clock.advance(2.1)  # past the pause after a failure
    shopify.reset_calls()
    for _ in range(2):
        assert open_order(client, "1004", "ingrid.nordmann@example.com").status_code == 200
    assert len(shopify.calls("PortalOrder")) == 1, "the cache is used again without a restart"


def test_a_frozen_redis_does_not_freeze_the_page(make_app, shopify, own_redis):
    client = make_app(REDIS_URL=own_redis.url).test_client()
    token = csrf_token(client)
    own_redis.pause()
    try:
        started = time.monotonic()
        found = client.post("/", data={"csrf_token": token, "order_number": "1001",
                                       "email": "alice.martin@example.com"})
        page = client.get(found.headers["Location"])
        health = client.get("/healthz")
        seconds = time.monotonic() - started
    finally:
        own_redis.resume()
    assert found.status_code == 303 and page.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert seconds < 4


def test_refreshes_of_one_order_share_one_failing_call_instead_of_queueing(make_app, shopify):
    clock = FakeClock()
    app = make_app(clock, SHOPIFY_TIMEOUT=2, ORDER_CACHE_TTL=1)
    client = app.test_client()
    order_url = submit(client, "1001", "alice.martin@example.com").headers["Location"]
    assert client.get(order_url).status_code == 200
    clock.advance(1.1)  # the copy is stale now, so each refresh asks Shopify
    shopify.fail("hang", times=None, seconds=30)
    shopify.reset_calls()
    answers = []

    def refresh():
        answers.append(timed(lambda: app.test_client().get(order_url)))

    threads = [threading.Thread(target=refresh) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    shopify.release()
    assert [page.status_code for page, _ in answers] == [200] * 6, "each got the last good copy"
    assert max(seconds for _, seconds in answers) < 3.5, answers
    assert len(shopify.calls("PortalOrder")) <= 2, "one call for all of them (plus one retry)"


def test_a_slow_trickle_cannot_stretch_a_read_past_the_deadline(make_app, shopify):
    client = make_app(SHOPIFY_TIMEOUT=4).test_client()
    # A byte every 2.5 s: each read alone is within the read timeout, the whole is not.
    response, seconds = failing_lookup(client, shopify, "drip", interval=2.5)
    assert response.status_code == 503 and seconds < 4.6, seconds
