"""Abuse resistance against the real Redis: per-IP limits, failed-guess locks, the API budget."""

import threading
import time

import pytest

from portal.demo.builder import build_order
from portal.lookup.guesses import CEILING_FACTOR
from tests.support.clock import FakeClock
from tests.support.helpers import csrf_token, submit

WRONG = "mallory@example.com"


def post_from(client, ip, order_number, email, token):
    return client.post("/", data={"csrf_token": token, "order_number": order_number, "email": email},
                       environ_base={"REMOTE_ADDR": ip})


def test_per_ip_limit_answers_429_with_retry_after(make_app, shopify):
    client = make_app(RATE_LIMIT_PER_IP="3 per minute").test_client()
    token = csrf_token(client)
    statuses = [post_from(client, "203.0.113.7", f"{2000 + n}", WRONG, token).status_code
                for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    limited = post_from(client, "203.0.113.7", "2100", WRONG, token)
    assert int(limited.headers["Retry-After"]) > 0
    assert "Too many attempts" in limited.get_data(as_text=True)
    assert post_from(client, "198.51.100.1", "2101", WRONG, token).status_code == 404


def test_per_ip_limit_holds_across_instances_sharing_redis(make_app, shopify):
    first, second = (make_app(RATE_LIMIT_PER_IP="4 per minute").test_client() for _ in range(2))
    tokens = csrf_token(first), csrf_token(second)
    statuses = [post_from((first, second)[n % 2], "203.0.113.8", f"{3000 + n}", WRONG,
                          tokens[n % 2]).status_code for n in range(6)]
    assert statuses == [404, 404, 404, 404, 429, 429]


def test_successful_lookups_do_not_count_as_guesses(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="2 per hour").test_client()
    for _ in range(4):
        assert submit(client, "1001", "alice.martin@example.com").status_code == 303


@pytest.mark.parametrize("blank", ["", "   ", "\t", "#", "%%%"])
def test_blank_or_malformed_input_counts_against_nobody(make_app, shopify, blank):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="2 per hour",
                      RATE_LIMIT_FAILED_PER_EMAIL="2 per hour").test_client()
    token = csrf_token(client)
    statuses = [post_from(client, f"203.0.113.{n}", blank, "alice.martin@example.com",
                          token).status_code for n in range(5)]
    assert statuses == [400] * 5
    # An honest typo afterwards is answered as one, not locked, and the owner still gets in.
    assert post_from(client, "198.51.100.3", "#1010", "alice.martin@example.com",
                     token).status_code == 404
    assert post_from(client, "198.51.100.3", "#1001", "alice.martin@example.com",
                     token).status_code == 303


def test_requests_without_a_valid_form_token_count_against_nobody(make_app, shopify):
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="2 per hour").test_client()
    for n in range(5):
        assert post_from(client, f"203.0.113.{n}", "1001", f"x{n}@example.com",
                         "forged").status_code == 400
    assert submit(client, "1001", "alice.martin@example.com").status_code == 303


def test_a_concurrent_burst_of_wrong_guesses_cannot_slip_past(make_app, shopify):
    shopify.latency = 0.05
    app = make_app(RATE_LIMIT_FAILED_PER_ORDER="5 per hour", RATE_LIMIT_PER_IP="1000 per minute",
                   SHOPIFY_MAX_CALLS_PER_SECOND=1000, NOT_FOUND_MIN_MS=0)
    token_client = app.test_client()
    token = csrf_token(token_client)
    barrier = threading.Barrier(50)
    statuses = []

    def guess(n):
        client = app.test_client()
        client.set_cookie(*_session_cookie(token_client))
        barrier.wait()
        statuses.append(post_from(client, f"203.0.113.{n}", "1001", f"g{n}@example.com",
                                  token).status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Every client is new, so the burst may reach the ceiling for clean clients, never more.
    ceiling = 5 * CEILING_FACTOR
    assert sorted(statuses) == [404] * ceiling + [429] * (50 - ceiling)
    assert len(shopify.calls("PortalCandidates")) <= ceiling


def _session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.key, cookie.value


def test_trusted_proxies_decide_whose_address_counts(make_app, shopify):
    spoofed = {"X-Forwarded-For": "192.0.2.55"}
    direct = make_app(RATE_LIMIT_PER_IP="2 per minute").test_client()
    token = csrf_token(direct)
    # With no trusted proxy, a forged header does not give a fresh address.
    for n in range(2):
        post_from(direct, "203.0.113.20", f"{5000 + n}", WRONG, token)
    assert direct.post("/", data={"csrf_token": token, "order_number": "5100", "email": WRONG},
                       headers=spoofed, environ_base={"REMOTE_ADDR": "203.0.113.20"}
                       ).status_code == 429
    behind_proxy = make_app(RATE_LIMIT_PER_IP="2 per minute", TRUSTED_PROXIES=1).test_client()
    token = csrf_token(behind_proxy)
    assert behind_proxy.post("/", data={"csrf_token": token, "order_number": "5101", "email": WRONG},
                             headers=spoofed, environ_base={"REMOTE_ADDR": "203.0.113.20"}
                             ).status_code == 404


def test_store_wide_budget_caps_shopify_calls_but_not_cached_orders(make_app, shopify):
    app = make_app(SHOPIFY_MAX_CALLS_PER_SECOND=3, RATE_LIMIT_PER_IP="1000 per minute",
                   RATE_LIMIT_FAILED_PER_EMAIL="1000 per hour", NOT_FOUND_MIN_MS=0)
    cached = app.test_client()
    found = submit(cached, "1001", "alice.martin@example.com")
    order_url = found.headers["Location"]
    assert cached.get(order_url).status_code == 200
    shopify.reset_calls()
    stop = time.monotonic() + 2.0

    def flood(n):
        client = app.test_client()
        token = csrf_token(client)
        k = 0
        while time.monotonic() < stop:
            post_from(client, f"203.0.113.{n}", f"{6000 + n * 100 + k}", WRONG, token)
            k += 1

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    cached_status = cached.get(order_url).status_code
    cached_seconds = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=30)
    calls = shopify.calls("PortalCandidates")
    assert cached_status == 200 and cached_seconds < 1.0
    per_second = {}
    for call in calls:
        per_second[int(call.time)] = per_second.get(int(call.time), 0) + 1
    assert max(per_second.values()) <= 3 + 1  # a fixed window may straddle a second boundary


def test_every_spelling_of_an_order_number_counts_against_the_same_lock(make_app, shopify):
    shopify.store.shop.update(orderNumberFormatPrefix="EN", orderNumberFormatSuffix="-A")
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="3 per hour").test_client()
    token = csrf_token(client)
    spellings = ["2001", "EN2001", "2001-A", "en2001-a"]
    statuses = [post_from(client, "203.0.113.9", typed, f"w{n}@example.com", token).status_code
                for n, typed in enumerate(spellings)]
    assert statuses == [404, 404, 404, 429]


def test_a_right_pair_is_never_turned_away_on_guessed_shop_settings(make_app, shopify):
    shopify.store.shop.update(orderNumberFormatPrefix="EN", orderNumberFormatSuffix="-A")
    shopify.store.add(build_order(2001, "prefix@example.com", name="EN2001-A"))
    clock = FakeClock()
    client = make_app(clock).test_client()
    shopify.fail("server_error", times=None)
    token = csrf_token(client)  # the form still renders, on a guess, while Shopify is down
    failing = post_from(client, "203.0.113.5", "2001", "prefix@example.com", token)
    assert failing.status_code == 503, "no 'not found' on a guessed number format"
    shopify.clear_failures()
    clock.advance(5.1)  # past the first retry of the shop's settings
    assert post_from(client, "203.0.113.5", "2001", "prefix@example.com", token).status_code == 303


def test_the_status_page_redirect_is_limited_per_address(make_app, shopify):
    # A roomy store-wide budget, so only the per-address limit can refuse a click.
    client = make_app(RATE_LIMIT_PER_IP="3 per minute",
                      SHOPIFY_MAX_CALLS_PER_SECOND=1000).test_client()
    order_url = submit(client, "1001", "alice.martin@example.com").headers["Location"]
    statuses = [client.get(order_url + "/status-page").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert len(shopify.calls("PortalStatusPage")) == 3


def test_every_spelling_of_one_client_shares_its_per_ip_limit(make_app, shopify):
    client = make_app(RATE_LIMIT_PER_IP="1 per minute", TRUSTED_PROXIES=1).test_client()
    token = csrf_token(client)
    spellings = ["2001:db8::1", "2001:DB8::1", "[2001:db8::1]", "2001:0db8::0001",
                 "2001:db8::1%eth0", "2001:db8::2", "2001:db8::ffff:abcd"]
    statuses = [client.post("/", data={"csrf_token": token, "order_number": f"{8000 + n}",
                                       "email": WRONG},
                            headers={"X-Forwarded-For": spelling},
                            environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code
                for n, spelling in enumerate(spellings)]
    assert statuses == [404] + [429] * (len(spellings) - 1)
    mapped = [post_from(client, ip, f"{8100 + n}", WRONG, token).status_code
              for n, ip in enumerate(["203.0.113.40", "::ffff:203.0.113.40"])]
    assert mapped == [404, 429]


def test_a_flood_of_unique_guesses_leaves_honest_first_lookups_a_share(make_app, shopify):
    app = make_app(SHOPIFY_MAX_CALLS_PER_SECOND=4, RATE_LIMIT_PER_IP="1000 per minute",
                   RATE_LIMIT_FAILED_PER_EMAIL="100000 per hour", NOT_FOUND_MIN_MS=0)
    # A flooding client has failed before: only its first lookup of the hour may use the reserve.
    flooders = [(app.test_client(), f"203.0.113.{n}") for n in range(8)]
    for n, (client, ip) in enumerate(flooders):
        assert post_from(client, ip, f"{19900 + n}", WRONG, csrf_token(client)).status_code == 404
        time.sleep(0.3)  # within the store-wide budget
    stop = time.monotonic() + 6.5

    def flood(n):
        client, ip = flooders[n]
        token = csrf_token(client)
        k = 0
        while time.monotonic() < stop:
            post_from(client, ip, f"{20000 + n * 1000 + k}", WRONG, token)
            k += 1

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    honest = []
    for n in range(5):
        client = app.test_client()
        honest.append(post_from(client, f"198.51.100.{100 + n}", f"{30000 + n}",
                                f"honest{n}@example.com", csrf_token(client)).status_code)
        time.sleep(1.1)  # one honest lookup per budget window
    for thread in threads:
        thread.join(timeout=30)
    assert honest == [404] * 5, "honest first lookups were not refused for the flood's sake"
