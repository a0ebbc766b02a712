"""The demo store's catalog, priced in each currency the way shops round their prices."""

from __future__ import annotations

from decimal import Decimal

from portal.demo.builder import Item
from portal.demo.places import RATES

# Placeholder image number -> (title, variant, price in USD).
CATALOG = {
    1: ("Merino Beanie", "Charcoal", "32.00"),
    2: ("Enamel Camp Mug", "Fjord Blue", "18.00"),
    3: ("Canvas Tote", None, "24.00"),
    4: ("Linen Apron", "Sand", "46.00"),
    5: ("Wool Socks", "Grey / M", "18.00"),
    6: ("Cedar Candle", "200 g", "28.00"),
    7: ("Hinoki Soap", None, "12.00"),
    8: ("Field Notebook", "Dot grid", "14.00"),
    9: ("Trail Blanket", "Moss", "120.00"),
    10: ("Ceramic Bowl", "Ash glaze", "22.00"),
    11: ("Brass Bottle Opener", None, "16.00"),
    12: ("Rain Shell Jacket", "Navy / L", "180.00"),
}

def sample_items(currency: str, *specs: int | tuple[int, int] | tuple[int, int, int]) -> list[Item]:
    """Return catalog items priced in a currency: image number, or (image, quantity[, refunded])."""
    items = []
    for spec in specs:
        # Pad a short tuple with zero refunds: (image, quantity) -> (image, quantity, 0).
        image, quantity, refunded = (*spec, 0)[:3] if isinstance(spec, tuple) else (spec, 1, 0)
        title, variant, usd = CATALOG[image]
        items.append(Item(title, _price(Decimal(usd), currency), quantity, variant, image,
                          refunded))
    return items


def _price(usd: Decimal, currency: str) -> Decimal:
    """Convert at the demo rate and round the way shops price: ¥4,800, 349 kr, 29.95 €, £24.99."""
    value = usd * RATES[currency]
    if currency == "JPY":
        return value.quantize(Decimal("1E2"))
    if currency == "NOK":
        return value.quantize(Decimal("1E1")) - 1
    if currency in ("EUR", "GBP"):
        return value.quantize(Decimal(1)) - Decimal("0.05" if currency == "EUR" else "0.01")
    return usd


