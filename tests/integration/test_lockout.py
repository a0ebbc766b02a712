"""Strangers cannot lock the owner out, and spreading guesses over many addresses buys no more than
the documented ceiling: CEILING_FACTOR times the limit, per order number and per email, per hour."""

import threading

import pytest

from portal.lookup.guesses import CEILING_FACTOR, CLEAN_CLIENT_FAILURES
from tests.support.helpers import csrf_token
from tests.support.redis_process import RedisProcess

OWNER = ("1001", "alice.martin@example.com")


def post_from(client, ip, order_number, email, token):
    return client.post("/", data={"csrf_token": token, "order_number": order_number, "email": email},
                       environ_base={"REMOTE_ADDR": ip})


def guessing_client(client, ip, token):
    """Make `ip` a client with a history of failed guesses (on orders nobody asked about)."""
    for n in range(CLEAN_CLIENT_FAILURES):
        assert post_from(client, ip, f"{9900 + n}", f"probe{n}@example.com", token).status_code == 404


def test_the_owner_gets_in_after_strangers_spent_the_orders_guesses(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="3 per hour").test_client()
    token = csrf_token(client)
    for n in range(3):
        assert post_from(client, "203.0.113.1", "1001", f"guess{n}@example.com",
                         token).status_code == 404
    # The guesser, and anyone else who has been guessing, is locked out of the order ...
    locked = post_from(client, "203.0.113.1", *OWNER, token)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 3000
    guessing_client(client, "203.0.113.2", token)
    assert post_from(client, "203.0.113.2", *OWNER, token).status_code == 429
    # ... the owner, who has not been guessing, is not; and getting in counts as no guess.
    assert post_from(client, "198.51.100.9", *OWNER, token).status_code == 303
    assert post_from(client, "198.51.100.10", *OWNER, token).status_code == 303


def test_an_owner_with_a_typo_or_two_still_counts_as_clean(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="2 per hour").test_client()
    token = csrf_token(client)
    for n in range(2):
        post_from(client, "203.0.113.3", "1001", f"guess{n}@example.com", token)
    for typo in range(CLEAN_CLIENT_FAILURES - 1):
        assert post_from(client, "198.51.100.11", "1001", f"alice.martn{typo}@example.com",
                         token).status_code == 404
    assert post_from(client, "198.51.100.11", *OWNER, token).status_code == 303


def test_a_distributed_guesser_gets_the_ceiling_per_order_and_no_more(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="3 per hour", RATE_LIMIT_PER_IP="1000 per minute",
                      NOT_FOUND_MIN_MS=0, SHOPIFY_MAX_CALLS_PER_SECOND=1000).test_client()
    token = csrf_token(client)
    ceiling = 3 * CEILING_FACTOR
    statuses = [post_from(client, f"203.0.113.{n}", "1001", f"g{n}@example.com", token).status_code
                for n in range(ceiling + 10)]
    assert statuses == [404] * ceiling + [429] * 10
    # Once the ceiling is spent, the order is locked for everyone until the hour is over:
    # the price of a hard bound on guesses (see the README).
    locked = post_from(client, "198.51.100.20", *OWNER, token)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 3000


def test_a_distributed_guesser_gets_the_ceiling_per_email_and_no_more(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_EMAIL="2 per hour", NOT_FOUND_MIN_MS=0,
                      SHOPIFY_MAX_CALLS_PER_SECOND=1000).test_client()
    token = csrf_token(client)
    ceiling = 2 * CEILING_FACTOR
    statuses = [post_from(client, f"203.0.113.{n}", f"{4000 + n}", OWNER[1], token).status_code
                for n in range(ceiling + 5)]
    assert statuses == [404] * ceiling + [429] * 5


@pytest.fixture
def outage(make_app, shopify):
    """Start a worker on a private Redis, then stop Redis. Returns the worker's client, its form
    token, and a function that starts another worker with the same settings (a recycle)."""
    with RedisProcess() as server:
        def start(**overrides):
            settings = {"REDIS_URL": server.url, "NOT_FOUND_MIN_MS": 0, **overrides}
            worker = make_app(**settings).test_client()
            token = csrf_token(worker)
            server.stop()
            return worker, token, lambda: make_app(**settings).test_client()
        yield start


def test_a_recycled_worker_starts_from_the_same_counts_while_redis_is_down(outage):
    worker, token, recycle = outage(RATE_LIMIT_FAILED_PER_ORDER="2 per hour")
    guessing_client(worker, "203.0.113.50", token)
    statuses = [post_from(worker, "203.0.113.50", "1001", f"x{n}@example.com", token).status_code
                for n in range(3)]
    assert statuses == [404, 404, 429]
    recycled = recycle()
    token = csrf_token(recycled)
    assert post_from(recycled, "203.0.113.50", "1001", "x9@example.com", token).status_code == 429
    # The owner still gets in during the outage, and that counts as no guess either.
    assert post_from(recycled, "198.51.100.50", *OWNER, token).status_code == 303


def test_a_repeated_failed_pair_reaches_shopify_once_while_redis_is_down(outage, shopify):
    client, token, _ = outage()
    shopify.reset_calls()
    for _ in range(3):
        assert post_from(client, "203.0.113.60", "1001", "wrong@example.com", token).status_code == 404
    assert len(shopify.calls("PortalCandidates")) == 1


def test_the_per_address_limit_survives_a_recycled_worker_while_redis_is_down(outage):
    worker, token, recycle = outage(RATE_LIMIT_PER_IP="3 per minute")
    assert [post_from(worker, "203.0.113.70", f"{7000 + n}", "x@example.com", token).status_code
            for n in range(3)] == [404] * 3
    recycled = recycle()
    limited = post_from(recycled, "203.0.113.70", "7100", "x@example.com", csrf_token(recycled))
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


def test_with_nowhere_to_count_a_lookup_is_refused_not_let_through(outage, tmp_path, shopify):
    worker, token, _ = outage(LIMITS_FALLBACK_FILE=str(tmp_path / "missing" / "limits.sqlite3"))
    shopify.reset_calls()
    for _ in range(2):
        answer = post_from(worker, "203.0.113.80", "1001", "wrong@example.com", token)
        assert answer.status_code == 503 and "Traceback" not in answer.get_data(as_text=True)
    assert shopify.calls("PortalCandidates") == []


def test_a_crowd_sending_the_right_pair_at_once_makes_one_guess(make_app, shopify):
    # Many tabs, or a crowd on one order: the identical submissions share one lookup, so the
    # ones still in flight do not count as guesses that lock the rest out.
    shopify.latency = 0.3
    app = make_app(RATE_LIMIT_FAILED_PER_ORDER="2 per hour", RATE_LIMIT_PER_IP="1000 per minute")
    token_client = app.test_client()
    token = csrf_token(token_client)
    session = token_client.get_cookie("session")
    barrier = threading.Barrier(30)
    statuses = []

    def look_up():
        client = app.test_client()
        client.set_cookie(session.key, session.value)
        barrier.wait()
        statuses.append(post_from(client, "198.51.100.20", *OWNER, token).status_code)

    threads = [threading.Thread(target=look_up) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [303] * 30
    assert len(shopify.calls("PortalCandidates")) == 1
