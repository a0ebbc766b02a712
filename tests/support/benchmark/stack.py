"""The stack under test, all on 127.0.0.1: a private Redis, the benchmark's store behind the fake
Shopify answering like the real one, and two gunicorns started by the Procfile's command, one
serving the portal and one a bare Flask hello."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from portal.demo.fake_shopify import FakeShopify
from tests.support.benchmark.orders import Shopper, benchmark_store
from tests.support.gunicorn_process import GunicornProcess
from tests.support.redis_process import RedisProcess

SHOPIFY_LATENCY = 0.15  # seconds per Admin API call, about what Shopify takes from Europe
HELLO_APP = "tests.support.hello:app"


@dataclass(frozen=True)
class Stack:
    shopify: FakeShopify
    portal: GunicornProcess
    hello: GunicornProcess
    shoppers: list[Shopper]


def portal_settings(shopify: FakeShopify, redis: RedisProcess) -> dict[str, str]:
    """The portal's defaults, except where one client address must pass for a crowd."""
    return {"SHOPIFY_SHOP": "demo-store.myshopify.com", "SHOPIFY_ACCESS_TOKEN": shopify.access_token,
            "SHOPIFY_API_URL": shopify.url, "REDIS_URL": redis.url,
            "SECRET_KEY": "benchmark-" + "x" * 32,
            # The benchmark's browsers come through one loopback "load balancer" that names each
            # shopper's address; the crowd still shares a few hundred addresses.
            "TRUSTED_PROXIES": "1", "RATE_LIMIT_PER_IP": "1000000 per minute",
            # The default 4 calls/s would queue the warm-up's hundreds of first lookups.
            "SHOPIFY_MAX_CALLS_PER_SECOND": "50"}


@contextmanager
def running_stack(generated_orders: int) -> Iterator[Stack]:
    """Start everything, yield it, stop it all again whatever happens."""
    store, shoppers = benchmark_store(generated_orders)
    # Shopify Plus's bucket (20,000 points, 1,000 a second): throttling is not what is measured,
    # and every call's actualQueryCost is counted whatever the bucket holds.
    with RedisProcess() as redis, FakeShopify(store, maximum_available=20000,
                                              restore_rate=1000) as shopify:
        shopify.latency = SHOPIFY_LATENCY
        settings = portal_settings(shopify, redis)
        with GunicornProcess(settings) as portal, GunicornProcess(settings, HELLO_APP) as hello:
            yield Stack(shopify, portal, hello, shoppers)
