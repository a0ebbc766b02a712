"""The built-in demo store: a fake Shopify Admin GraphQL API, its sample orders.

Development tooling only: the product never imports it. The same pieces serve
`python -m portal.demo` and the integration tests.
"""

from portal.demo.fake_shopify import FakeShopify
from portal.demo.sample_orders import sample_store
from portal.demo.store import DemoStore

__all__ = ["DemoStore", "FakeShopify", "sample_store"]
