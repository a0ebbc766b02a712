"""The built-in demo store: a fake Shopify Admin GraphQL API, its sample orders, a private Redis.

The same pieces serve `python -m portal.demo` and the integration tests.
"""

from portal.demo.fake_shopify import FakeShopify
from portal.demo.redis_process import RedisProcess
from portal.demo.sample_orders import sample_store
from portal.demo.store import DemoStore

__all__ = ["DemoStore", "FakeShopify", "RedisProcess", "sample_store"]
