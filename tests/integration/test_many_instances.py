"""Two instances behind a load balancer, each under the Procfile command, sharing one Redis (one
server, a TLS server, a Cluster or a Sentinel group): whatever one instance learns or counts,
the other knows, and a link one mints opens on the other."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import requests

from portal.lookup.reader import RecentReads
from tests.conftest import SECRET_KEY
from tests.support.gunicorn_process import GunicornProcess
from tests.support.redis_topologies import RedisClusterProcesses, SentinelGroup, TlsRedis
from tests.support.shoppers import Shopper
from tests.support.webhook_delivery import API_SECRET, deliver, order_payload

ALICE = ("1001", "alice.martin@example.com")
HANAKO = ("1002", "hanako.yamada@example.com")
OLIVIA = ("1010", "olivia.brown@example.com")


def start_pair(redis_url: str, shopify, **overrides: str) -> tuple[ExitStack, list[GunicornProcess]]:
    settings = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "6", "TRUSTED_PROXIES": "1",
                "SHOPIFY_SHOP": "demo-store.myshopify.com",
                "SHOPIFY_ACCESS_TOKEN": shopify.access_token, "SHOPIFY_API_URL": shopify.url,
                "REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY, "NOT_FOUND_MIN_MS": "0",
                "SHOPIFY_API_SECRET": API_SECRET, "RATE_LIMIT_PER_IP": "3 per minute",
                "RATE_LIMIT_FAILED_PER_ORDER": "1 per hour", "SHOPIFY_MAX_CALLS_PER_SECOND": "50",
                **overrides}
    stack = ExitStack()
    try:
        pair = [stack.enter_context(GunicornProcess(settings)) for _ in range(2)]
    except BaseException:
        stack.close()
        raise
    return stack, pair


@pytest.fixture
def instances(redis_url, redis_db, shopify) -> Iterator[list[GunicornProcess]]:
    """Two instances on the tests' Redis server, emptied first."""
    stack, pair = start_pair(redis_url, shopify)
    with stack:
        yield pair


# --- what two instances share, checked the same way on every kind of Redis ---------------------

def assert_cache_and_links_are_shared(a: GunicornProcess, b: GunicornProcess, shopify) -> None:
    found = Shopper().look_up(a.url, *ALICE)
    assert found.status_code == 303
    page = found.headers["Location"]
    assert requests.get(b.url + page, timeout=15).status_code == 200
    assert requests.get(a.url + page, timeout=15).status_code == 200
    # Instance b fetched the order; instance a served b's copy.
    assert len(shopify.calls("PortalOrder")) == 1
    again = Shopper().look_up(b.url, *ALICE)
    assert again.status_code == 303
    assert len(shopify.calls("PortalCandidates")) == 1


def assert_one_call_for_concurrent_lookups(a: GunicornProcess, b: GunicornProcess, shopify) -> None:
    shopify.latency = 0.5
    before = len(shopify.calls("PortalCandidates"))
    statuses: list[int] = []
    # Attempts count against the order number until they succeed: four at once stay within.
    shoppers = [(Shopper(), server) for server in (a, b) for _ in range(2)]
    threads = [threading.Thread(target=lambda s=s, base=server.url: statuses.append(
        s.look_up(base, *HANAKO).status_code)) for s, server in shoppers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    shopify.latency = 0
    assert statuses == [303] * 4
    assert len(shopify.calls("PortalCandidates")) - before == 1


def assert_limits_are_shared(a: GunicornProcess, b: GunicornProcess) -> None:
    shopper = Shopper()
    # Three submissions a minute per address, whichever instance counts them.
    answers = [shopper.look_up(server.url, "5550001", "nobody@example.com").status_code
               for server in (a, b, a, b)]
    assert answers == [404, 404, 404, 429]
    # One failed guess an hour per order number, and up to the ceiling (four times that) from
    # addresses with a clean history, from any address and any instance.
    guesses = [Shopper().look_up(server.url, "1003", f"guess{n}@example.com").status_code
               for n, server in enumerate((b, a, b, a, b))]
    assert guesses == [404, 404, 404, 404, 429]


def assert_instances_share_everything(pair: list[GunicornProcess], shopify) -> None:
    a, b = pair
    assert_cache_and_links_are_shared(a, b, shopify)
    assert_one_call_for_concurrent_lookups(a, b, shopify)
    assert_limits_are_shared(a, b)


# --- one Redis server -----------------------------------------------------------------------

def test_two_instances_on_one_redis_share_cache_flights_limits_and_links(instances, shopify):
    assert_instances_share_everything(instances, shopify)


def test_two_instances_share_the_store_wide_call_budget(shopify, redis_url, redis_db):
    stack, (a, b) = start_pair(redis_url, shopify, SHOPIFY_MAX_CALLS_PER_SECOND="1")
    with stack:
        Shopper().look_up(a.url, "5550001", "warm@example.com")  # the shop's settings get cached
        time.sleep(1.1)
        before = len(shopify.calls("PortalCandidates"))
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda base=server.url, n=n: statuses.append(
            Shopper().look_up(base, f"55600{n}", "budget@example.com").status_code))
            for n, server in enumerate((a, b))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        calls = shopify.calls("PortalCandidates")[before:]
    # One call a second for both: the second waits for the next second or gives up (503);
    # budgets of their own would let both call at once.
    assert sorted(statuses) in ([404, 404], [404, 503])
    assert len(calls) == 1 or abs(calls[1].time - calls[0].time) >= 0.9, calls


# --- what operators run instead of one server -----------------------------------------------

def test_two_instances_share_everything_over_tls(shopify):
    with TlsRedis() as tls:
        stack, pair = start_pair(tls.url, shopify)
        with stack:
            assert_instances_share_everything(pair, shopify)
        keys = tls.server.client().keys("portal:v1:*")
    assert keys, "nothing was stored in the TLS server"


def test_two_instances_share_everything_on_a_redis_cluster(shopify):
    with RedisClusterProcesses() as cluster:
        stack, (a, b) = start_pair(cluster.url, shopify)
        with stack:
            assert_instances_share_everything([a, b], shopify)
            held = [len(node.client().keys("portal:v1:*")) for node in cluster.nodes]
            assert all(held), f"a store's keys should spread over every master: {held}"
            assert_webhooks_drop_across_slots(a, b, shopify)
            left = [node.client().keys("portal:v1:*") for node in cluster.nodes]
    assert left == [[], [], []], "shop/redact must clear every master"


def assert_webhooks_drop_across_slots(a: GunicornProcess, b: GunicornProcess, shopify) -> None:
    """An order's entries sit in its shoppers' slots, its index in its own: dropping them must
    not be one command across slots, and clearing the shop must reach every master."""
    page = Shopper().look_up(a.url, *ALICE).headers["Location"]
    fetched = len(shopify.calls("PortalOrder"))
    assert deliver(b.url, "orders/updated", order_payload("1001")) == 200
    # Another instance trusts an order it read within the last second (see RecentReads).
    time.sleep(RecentReads.RECENT_SECONDS)
    assert requests.get(a.url + page, timeout=15).status_code == 200
    assert len(shopify.calls("PortalOrder")) == fetched + 1
    searched = len(shopify.calls("PortalCandidates"))
    redact = {"shop_domain": "demo-store.myshopify.com", "customer": {"email": ALICE[1]},
              "orders_to_redact": [order_payload("1001")["id"]]}
    assert deliver(a.url, "customers/redact", redact) == 200
    assert Shopper().look_up(b.url, *ALICE).status_code == 303
    assert len(shopify.calls("PortalCandidates")) == searched + 1
    assert deliver(b.url, "shop/redact", {"shop_domain": "demo-store.myshopify.com"}) == 200


def test_lookups_and_old_links_work_again_soon_after_a_sentinel_failover(shopify):
    with SentinelGroup() as group:
        stack, (a, b) = start_pair(group.url, shopify)
        with stack:
            assert_instances_share_everything([a, b], shopify)
            page = Shopper().look_up(a.url, *HANAKO).headers["Location"]
            failover = group.kill_master()
            recovered = _seconds_until(lambda: _shared_again(a, b, shopify))
            assert requests.get(a.url + page, timeout=15).status_code == 200
            assert requests.get(b.url + page, timeout=15).status_code == 200
    assert failover < 15 and recovered < 10, (failover, recovered)


def _shared_again(a: GunicornProcess, b: GunicornProcess, shopify) -> bool:
    """True when what b caches, a reads: both use the new master."""
    assert Shopper().look_up(b.url, *OLIVIA).status_code == 303
    calls = len(shopify.calls("PortalCandidates"))
    assert Shopper().look_up(a.url, *OLIVIA).status_code == 303
    return len(shopify.calls("PortalCandidates")) == calls


def _seconds_until(check) -> float:
    """Seconds until `check` first holds, trying for at most 20."""
    started = time.monotonic()
    while time.monotonic() - started < 20:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError("the instances did not share Redis again after the failover")
