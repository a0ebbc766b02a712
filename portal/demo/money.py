"""Money in Shopify's GraphQL shape: Decimal amounts as strings, MoneyBags in two currencies."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from portal.demo.places import RATES, ZERO_DECIMAL_CURRENCIES

SHOP_CURRENCY = "USD"


def amount(value: Decimal, currency: str) -> str:
    """Return a Decimal as Shopify prints it: "24.0", "19.99", "4800.0"."""
    step = Decimal(1) if currency in ZERO_DECIMAL_CURRENCIES else Decimal("0.01")
    text = format(value.quantize(step, rounding=ROUND_HALF_UP), "f")
    if "." not in text:
        return text + ".0"
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text


def money(value: Decimal, currency: str) -> dict[str, str]:
    """Return a MoneyV2."""
    return {"amount": amount(value, currency), "currencyCode": currency}


def bag(value: Decimal, currency: str) -> dict[str, Any]:
    """Return a MoneyBag: the shopper's currency and the shop's, at the demo's fixed rate."""
    shop_value = value / RATES.get(currency, Decimal(1)) * RATES[SHOP_CURRENCY]
    return {"presentmentMoney": money(value, currency),
            "shopMoney": money(shop_value, SHOP_CURRENCY)}
