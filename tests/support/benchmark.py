"""`python -m portal.demo.benchmark`: speed and memory of the portal as it runs in production
(gunicorn, a private Redis, the demo store answering like Shopify with a realistic delay), printed
as figures against the targets below. Loopback only; bounded in requests and in time.
"""

from __future__ import annotations

import re
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

from portal.demo.fake_shopify import FakeShopify
from portal.demo.sample_orders import sample_store
from tests.support.gunicorn_process import GunicornProcess
from tests.support.redis_process import RedisProcess

SHOPIFY_LATENCY = 0.15  # seconds per Admin API call, about what Shopify takes from Europe
TARGETS = {
    "cached order page p95 (ms)": 50,
    "first lookup p95, form to order page (ms)": 1500,
    "cached order pages per second": 200,
    "memory per worker (MB)": 150,
}
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def look_up(base: str, number: str, email: str) -> str:
    """Return the order page's URL after a lookup through the form, as a browser does it."""
    session = requests.Session()
    token = _TOKEN.search(session.get(base + "/", timeout=10).text).group(1)
    found = session.post(base + "/", data={"csrf_token": token, "order_number": number,
                                           "email": email}, allow_redirects=False, timeout=15)
    page = base + found.headers["Location"]
    session.get(page, timeout=15).raise_for_status()
    return page


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def throughput(url: str, threads: int = 8, seconds: float = 5.0, cap: int = 20000) -> float:
    """Order pages served per second by `threads` clients, stopping after `seconds` or `cap`."""
    count = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        session = requests.Session()
        while time.monotonic() < stop:
            session.get(url, timeout=10).raise_for_status()
            with lock:
                count[0] += 1
                if count[0] >= cap:
                    return

    workers = [threading.Thread(target=client) for _ in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return count[0] / (time.monotonic() - started)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def measure(base: str, server: GunicornProcess) -> dict[str, float]:
    # Every sample order once, so each lookup is a first one: nothing of it is cached yet.
    orders = [(o["name"], o["email"]) for o in sample_store().orders() if o["email"] and not o["test"]]
    first = [timed(lambda n=n, e=e: look_up(base, n, e)) for n, e in orders]
    page = look_up(base, *orders[0])
    cached = [timed(lambda: requests.get(page, timeout=10)) for _ in range(300)]
    rate = throughput(page)
    return {
        "cached order page p95 (ms)": p95(cached),
        "first lookup p95, form to order page (ms)": p95(first),
        "cached order pages per second": rate,
        "memory per worker (MB)": max(rss_mb(pid) for pid in server.worker_pids()),
    }


def main() -> int:
    with RedisProcess() as redis, FakeShopify(sample_store(), restore_rate=2000) as shop:
        shop.latency = SHOPIFY_LATENCY
        settings = {"SHOPIFY_SHOP": "demo-store.myshopify.com",
                    "SHOPIFY_ACCESS_TOKEN": shop.access_token, "SHOPIFY_API_URL": shop.url,
                    "REDIS_URL": redis.url, "SECRET_KEY": "benchmark-" + "x" * 32,
                    "WEB_CONCURRENCY": "2", "RATE_LIMIT_PER_IP": "100000 per minute",
                    "SHOPIFY_MAX_CALLS_PER_SECOND": "100"}
        with GunicornProcess(settings) as server:
            figures = measure(server.url, server)
    failed = False
    print(f"Shopify answering in {SHOPIFY_LATENCY * 1000:.0f} ms; 2 gunicorn workers\n")
    for name, value in figures.items():
        target = TARGETS[name]
        ok = value >= target if "per second" in name else value <= target
        failed |= not ok
        print(f"  {name:<45} {value:>9.1f}   target {'≥' if 'per second' in name else '≤'} "
              f"{target:<6} {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
