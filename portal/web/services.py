"""The services one app instance uses, built once by the app factory and read by the views."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from portal.lookup.customers import CustomerOrders
from portal.lookup.guesses import GuessLimits
from portal.lookup.keys import KeyMaker
from portal.lookup.links import OrderLinks
from portal.lookup.service import OrderLookup
from portal.lookup.shop import ShopSettings
from portal.shipping.rules import ShippingRules
from portal.store.cache import OrderCache


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
