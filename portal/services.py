"""The services one app instance uses, built once by the app factory and read by the views."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from .cache import OrderCache
from .customer_orders import CustomerOrders
from .keys import KeyMaker
from .lookup import OrderLookup
from .rate_limits import GuessLimits
from .shipping import ShippingRules
from .shop import ShopSettings
from .tokens import OrderLinks


@dataclass(frozen=True)
class Services:
    lookup: OrderLookup
    shop: ShopSettings
    links: OrderLinks
    cache: OrderCache
    keys: KeyMaker
    shipping: ShippingRules
    guesses: GuessLimits
    customers: CustomerOrders


def services() -> Services:
    """Return the current app's services."""
    return current_app.extensions["portal"]
