"""The cache saves Shopify calls: repeats, concurrent lookups and failed guesses."""

import threading
import time

from tests.support.helpers import submit


def test_repeated_lookups_are_served_from_the_cache(client, shopify):
    for _ in range(3):
        found = submit(client, "1001", "alice.martin@example.com")
        assert client.get(found.headers["Location"]).status_code == 200
    assert len(shopify.calls("PortalCandidates")) == 1
    assert len(shopify.calls("PortalOrder")) == 1


def test_a_failed_guess_is_remembered(client, shopify):
    for _ in range(3):
        assert submit(client, "1001", "mallory@example.com").status_code == 404
    assert len(shopify.calls("PortalCandidates")) == 1


def test_redis_keys_hold_no_email_and_no_order_number(client, redis_db):
    found = submit(client, "1001", "alice.martin@example.com")
    client.get(found.headers["Location"])
    submit(client, "1002", "mallory@example.com")
    keys = redis_db.keys("*")
    assert keys and all(key.startswith(("portal:v1:", "portal:limits:v1:")) for key in keys)
    for key in keys:
        for leak in ("alice", "mallory", "example", "1001", "1002", "@"):
            assert leak not in key.lower()
        assert redis_db.pttl(key) != -1, f"{key} has no TTL"
    values = " ".join(redis_db.get(key) or "" for key in keys if redis_db.type(key) == "string")
    assert "alice.martin" not in values.lower()


def test_an_email_that_never_opened_an_order_leaves_no_index_in_redis(client, redis_db):
    for order_number, email in (("1001", "mallory@example.com"), ("9999", "eve@example.com"),
                                ("1002", "mallory@example.com")):
        assert submit(client, order_number, email).status_code == 404
    indexes = redis_db.keys("portal:v1:index:email:*")
    assert indexes == [], "failed guesses must not be kept for a day under the email they typed"
    # What is left of a failed pair is its short not-found marker and the guess counters.
    for key in redis_db.keys("portal:v1:lookup:*"):
        assert 0 < redis_db.ttl(key) <= 60
    assert submit(client, "1001", "alice.martin@example.com").status_code == 303
    assert len(redis_db.keys("portal:v1:index:email:*")) == 1, "an opened order is indexed"


def _concurrently(count, action):
    barrier = threading.Barrier(count)
    results = []

    def run():
        barrier.wait()
        results.append(action())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_concurrent_lookups_of_one_order_make_one_shopify_call(make_app, shopify):
    shopify.latency = 0.3
    # Two app instances share one Redis, as two gunicorn workers or two servers would. A roomy
    # store-wide budget, so eight cold reads of the shop's settings at once are never refused:
    # only single flight decides how often Shopify is asked here.
    apps = [make_app(RATE_LIMIT_FAILED_PER_ORDER="50 per hour", SHOPIFY_MAX_CALLS_PER_SECOND=1000)
            for _ in range(2)]

    turns = iter(range(100))

    def lookup():
        client = apps[next(turns) % 2].test_client()
        found = submit(client, "1002", "hanako.yamada@example.com")
        return client.get(found.headers["Location"]).status_code

    assert _concurrently(8, lookup) == [200] * 8
    assert len(shopify.calls("PortalCandidates")) == 1
    assert len(shopify.calls("PortalOrder")) == 1


def test_a_change_during_a_shopify_read_is_not_overwritten_by_the_old_copy(app, shopify):
    client = app.test_client()
    order_url = submit(client, "1001", "alice.martin@example.com").headers["Location"]
    order_id = shopify.store.find("#1001")["id"]
    shopify.latency = 0.5
    reading = threading.Thread(target=lambda: client.get(order_url))
    reading.start()
    time.sleep(0.2)  # the page's Shopify read is under way when the change arrives
    app.extensions["portal"].index.forget_order(order_id)
    reading.join(timeout=10)
    shopify.latency = 0
    shopify.reset_calls()
    assert app.test_client().get(order_url).status_code == 200
    assert len(shopify.calls("PortalOrder")) == 1, "the copy read before the change was not kept"
