"""The portal as it runs in production: gunicorn with threaded workers, from the Procfile's config."""

import threading
import time

import pytest
import requests

from tests.support.gunicorn_process import GunicornProcess
from tests.support.helpers import gunicorn_settings, lookup_over_http


@pytest.fixture
def gunicorn(request, shopify, redis_url, redis_db):
    """gunicorn serving the portal; a test's `settings` mark adds environment variables."""
    marker = request.node.get_closest_marker("settings")
    settings = gunicorn_settings(shopify, redis_url, **(marker.kwargs if marker else {}))
    with GunicornProcess(settings) as server:
        yield server


@pytest.mark.settings(SHOPIFY_MAX_CALLS_PER_SECOND="100")
def test_a_graceful_restart_drops_no_in_flight_request(gunicorn, shopify):
    base = gunicorn.url
    shopify.latency = 0.8
    results = []

    def shopper(n):
        results.append(lookup_over_http(base, f"{8100 + n}", f"shopper{n}@example.com"))

    threads = [threading.Thread(target=shopper, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)
    gunicorn.reload()
    late = [threading.Thread(target=shopper, args=(n,)) for n in range(6, 9)]
    for thread in late:
        thread.start()
    for thread in threads + late:
        thread.join(timeout=30)
    assert sorted(results) == [404] * 9, results


@pytest.mark.settings(SHOPIFY_MAX_CONCURRENT="2")
def test_health_stays_fast_when_shopify_hangs_under_gunicorn(gunicorn, shopify):
    base = gunicorn.url
    requests.get(base + "/", timeout=5)  # the shop's settings are cached before the hang
    shopify.fail("hang", times=None, seconds=30)
    stuck = [threading.Thread(target=lambda n=n: lookup_over_http(base, f"{8200 + n}", "x@example.com"))
             for n in range(8)]
    for thread in stuck:
        thread.start()
    # Lookups past the call budget or the per-process cap give up within about a second each;
    # the hung ones stay hung.
    time.sleep(3.5)
    timings = []
    for _ in range(5):
        started = time.monotonic()
        health = requests.get(base + "/healthz", timeout=5)
        timings.append(time.monotonic() - started)
    seconds = max(timings)
    assert [c.fault for c in shopify.calls("PortalCandidates")].count("hang") <= 4
    shopify.release()
    for thread in stuck:
        thread.join(timeout=20)
    assert health.status_code == 200 and seconds < 0.5, timings
