"""The services one app instance uses, built once by the app factory and read by the views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from flask import current_app

from portal.lookup.customers import CustomerOrders
from portal.lookup.deliveries import DeliveryLearning
from portal.lookup.invalidation import CacheIndex
from portal.lookup.keys import KeyMaker
from portal.lookup.links import OrderLinks
from portal.lookup.reader import OrderReader
from portal.lookup.service import OrderLookup
from portal.lookup.shop import ShopSettings
from portal.metrics import Metrics
from portal.shipping.rules import ShippingRules
from portal.store.counters import RateLimit


@dataclass(frozen=True)
class Services:
    lookup: OrderLookup
    reader: OrderReader
    shop: ShopSettings
    links: OrderLinks
    keys: KeyMaker
    shipping: ShippingRules
    customers: CustomerOrders
    index: CacheIndex
    deliveries: DeliveryLearning
    metrics: Metrics
    client_limit: RateLimit


def services() -> Services:
    """Return the current app's services."""
    return cast(Services, current_app.extensions["portal"])
