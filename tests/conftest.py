"""Fixtures shared by every tier: a real Redis server and the fake Shopify over real HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from portal import create_app
from portal.clock import SYSTEM_CLOCK, Clock
from portal.demo.fake_shopify import FakeShopify
from portal.demo.sample_orders import sample_store
from tests.support.redis_process import RedisProcess

SECRET_KEY = "test-secret-key-" + "x" * 32


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisProcess | None]:
    """A private redis-server on a free port, unless REDIS_URL names one to use (and flush)."""
    if os.environ.get("REDIS_URL"):
        yield None
        return
    with RedisProcess() as server:
        yield server


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisProcess | None) -> str:
    return redis_server.url if redis_server else os.environ["REDIS_URL"]


@pytest.fixture
def redis_db(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(scope="session")
def shopify_server() -> Iterator[FakeShopify]:
    with FakeShopify(sample_store()) as server:
        yield server


@pytest.fixture
def shopify(shopify_server: FakeShopify) -> Iterator[FakeShopify]:
    """The fake Shopify with a fresh copy of the sample store, no failures and an empty call log."""
    shopify_server.store = sample_store()
    shopify_server.clear_failures()
    shopify_server.latency = 0
    shopify_server.bucket.restore_rate = 100.0
    shopify_server.bucket.set_available(shopify_server.bucket.maximum)
    shopify_server.reset_calls()
    shopify_server.bulk.reset()
    yield shopify_server
    shopify_server.clear_failures()
    # A request released just now must not land in the next test's call log.
    assert shopify_server.wait_idle(), "a request to the fake Shopify is still running"
    assert shopify_server.invalid_calls() == [], "the portal sent a query Shopify would reject"


@pytest.fixture
def settings(redis_url: str, shopify: FakeShopify, tmp_path: Path) -> dict[str, Any]:
    return {
        "SHOPIFY_SHOP": "demo-store.myshopify.com",
        "SHOPIFY_ACCESS_TOKEN": shopify.access_token,
        "SHOPIFY_API_URL": shopify.url,
        "SHOPIFY_API_SECRET": "test-api-secret",
        "REDIS_URL": redis_url,
        "SECRET_KEY": SECRET_KEY,
        "LIMITS_FALLBACK_FILE": str(tmp_path / "limits.sqlite3"),
    }


@pytest.fixture
def make_app(settings: dict[str, Any], redis_db: redis.Redis):
    """Build an app with the test settings, some of them overridden, on the given clock."""
    def build(clock: Clock = SYSTEM_CLOCK, **overrides: Any):
        app = create_app({**settings, **{k: str(v) for k, v in overrides.items()}}, clock=clock)
        app.config["TESTING"] = True
        return app
    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()
