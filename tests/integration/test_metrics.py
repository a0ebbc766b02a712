"""GET /metrics under the Procfile command: the counts of every worker, old and new, behind a
token, with no shopper's data in any label; and a real Prometheus server reads them."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from portal import create_app
from tests.conftest import SECRET_KEY
from tests.support.gunicorn_process import GunicornProcess
from tests.support.helpers import submit
from tests.support.prometheus_process import PrometheusProcess
from tests.support.recorded_metrics import RecordedMetrics
from tests.support.redis_process import free_port
from tests.support.shoppers import Shopper
from tests.support.webhook_delivery import API_SECRET, deliver, order_payload

TOKEN = "metrics-token-" + "m" * 20
ALICE = ("1001", "alice.martin@example.com")
HANAKO = ("1002", "hanako.yamada@example.com")


@pytest.fixture
def portal(shopify, redis_url, redis_db) -> Iterator[GunicornProcess]:
    settings = {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4", "TRUSTED_PROXIES": "1",
                "SHOPIFY_SHOP": "demo-store.myshopify.com", "SHOPIFY_API_URL": shopify.url,
                "SHOPIFY_ACCESS_TOKEN": shopify.access_token, "SHOPIFY_API_SECRET": API_SECRET,
                "REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY, "NOT_FOUND_MIN_MS": "0",
                "RATE_LIMIT_PER_IP": "2 per minute", "RATE_LIMIT_FAILED_PER_ORDER": "1 per hour",
                "METRICS_TOKEN": TOKEN}
    with GunicornProcess(settings) as server:
        yield server


def replace_workers(server: GunicornProcess) -> None:
    """Reload gracefully and wait until none of the old workers is left."""
    old = set(server.worker_pids())
    server.reload()
    give_up = time.monotonic() + 20
    while time.monotonic() < give_up:
        now = set(server.worker_pids())
        if len(now) == 2 and not now & old:
            return
        time.sleep(0.1)
    raise AssertionError("the workers were not replaced")


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(scraped, name: str, **labels: str) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


def run_a_sale_hour(base: str, server: GunicornProcess) -> None:
    page = Shopper().look_up(base, *ALICE).headers["Location"]
    assert [requests.get(base + page, timeout=10).status_code for _ in range(2)] == [200, 200]
    # Workers that served the first half are gone before the second: their counts must remain.
    replace_workers(server)
    assert Shopper().look_up(base, *HANAKO).status_code == 303
    # One failed guess an hour, four from addresses with a clean history (the ceiling).
    guesses = [Shopper().look_up(base, "1003", f"guess{n}@example.com").status_code
               for n in range(5)]
    assert guesses == [404, 404, 404, 404, 429]
    hasty = Shopper()
    assert [hasty.look_up(base, f"555000{n}", "nobody@example.com").status_code
            for n in range(3)] == [404, 404, 429]
    event = str(uuid.uuid4())
    assert [deliver(base, "orders/updated", order_payload("1001"), event=event)
            for _ in range(2)] == [200, 200]
    assert deliver(base, "orders/updated", order_payload("1001"), signed=False) == 401


def test_metrics_count_every_worker_and_carry_no_shoppers_data(portal, shopify):
    base = portal.url
    run_a_sale_hour(base, portal)
    assert requests.get(base + "/metrics", timeout=5).status_code == 403
    assert requests.get(base + "/metrics", headers={"Authorization": "Bearer wrong"},
                        timeout=5).status_code == 403
    response = requests.get(base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"},
                            timeout=5)
    assert response.status_code == 200
    scraped = samples(response.text)

    assert value(scraped, "portal_lookups_total", outcome="found") == 2
    assert value(scraped, "portal_lookups_total", outcome="not_found") == 6
    assert value(scraped, "portal_lookups_total", outcome="locked") == 1
    assert value(scraped, "portal_rate_limit_refusals_total", limit="failed_guesses") == 1
    assert value(scraped, "portal_rate_limit_refusals_total", limit="per_ip") == 1
    assert value(scraped, "portal_shopify_calls_total", outcome="ok") == len(shopify.calls())
    assert value(scraped, "portal_shopify_cost_points_total") > 0
    assert value(scraped, "portal_cache_reads_total", entry="order", result="hit") >= 1
    assert value(scraped, "portal_cache_reads_total", entry="order", result="miss") >= 1
    assert value(scraped, "portal_webhook_deliveries_total", topic="orders/updated",
                 outcome="handled") == 1
    assert value(scraped, "portal_webhook_deliveries_total", topic="orders/updated",
                 outcome="duplicate") == 1
    assert value(scraped, "portal_webhook_deliveries_total", topic="other",
                 outcome="bad_signature") == 1
    assert ("portal_redis_outages_total", frozenset()) in scraped
    count = "portal_request_duration_seconds_count"
    assert value(scraped, count, route="portal.lookup_submit") == 10
    assert value(scraped, count, route="portal.lookup_form") == 10
    assert value(scraped, count, route="portal.order_page") == 2
    assert value(scraped, count, route="webhooks.receive") == 3

    labels = " ".join(v for _, pairs in scraped for _, v in pairs)
    for secret in ("@", "alice", "1001", "1003", "#", "/order/", TOKEN):
        assert secret not in labels


def test_a_prometheus_server_scrapes_the_portal(portal, shopify):
    base = portal.url
    assert Shopper().look_up(base, *ALICE).status_code == 303
    with PrometheusProcess(f"127.0.0.1:{portal.port}", TOKEN) as prometheus:
        give_up = time.monotonic() + 30
        found: list[dict] = []
        while time.monotonic() < give_up and not found:
            found = prometheus.query('portal_lookups_total{outcome="found"} == 1')
            time.sleep(0.5)
        up = prometheus.query('up{job="portal"}')
    assert found, "Prometheus never read the lookup"
    assert [sample["value"][1] for sample in up] == ["1"]


def test_a_redis_outage_counts_once_however_many_calls_fail(settings, shopify):
    recorded = RecordedMetrics()
    app = create_app({**settings, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
                     metrics=recorded)
    client = app.test_client()
    for _ in range(3):
        assert submit(client, *ALICE).status_code == 303
    assert recorded.counts["redis_outage",] == 1
    assert recorded.counts["lookup", "found"] == 3
    # Without Redis every read is a miss and every lookup asks Shopify.
    assert recorded.counts["shopify_call", "ok"] == len(shopify.calls())
    assert recorded.counts["cache", "lookup", "hit"] == 0
