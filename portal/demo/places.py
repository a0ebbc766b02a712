"""Per-country facts for demo orders: a fictional address, the shop's location, tax, currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Place:
    """Where an order ships to, and where the demo shop keeps stock for that country."""

    country_code: str
    country: str
    currency: str
    city: str
    province: str | None
    province_code: str | None
    zip: str
    address1: str
    tax_rate: Decimal
    taxes_included: bool
    shipping_title: str
    location_name: str
    location_address1: str
    location_zip: str
    time_zone: str
    # Where the shop keeps stock, when its city differs from the customer's.
    location_city: str | None = None


PLACES = {
    "US": Place("US", "United States", "USD", "Springfield", "Oregon", "OR", "97477",
                "742 Example Avenue", Decimal("0.08"), False, "Standard Shipping",
                "Portland Warehouse", "100 Demo Street", "97201",
                "America/Los_Angeles", "Portland"),
    "GB": Place("GB", "United Kingdom", "GBP", "London", "England", "ENG", "SW1A 1AA",
                "10 Sample Lane", Decimal("0.20"), True, "Royal Mail Tracked 48",
                "London Studio", "1 Placeholder Yard", "E1 6AN", "Europe/London"),
    "ES": Place("ES", "Spain", "EUR", "Madrid", "Madrid", "M", "28001",
                "Calle Ejemplo 12, 3º B", Decimal("0.21"), True, "Envío estándar",
                "Almacén Madrid", "Calle Demo 1", "28045", "Europe/Madrid"),
    "NO": Place("NO", "Norway", "NOK", "Oslo", None, None, "0150",
                "Eksempelgata 7", Decimal("0.25"), True, "Hentested (Posten)",
                "Oslo Showroom", "Demoveien 3", "0152", "Europe/Oslo"),
    # Japanese customers type their address in Japanese; Shopify keeps the prefecture's
    # romanised name in `province` and its ISO code in `provinceCode`.
    "JP": Place("JP", "Japan", "JPY", "渋谷区", "Tokyo", "JP-13", "150-0001",
                "神宮前1-2-3 サンプルビル4F", Decimal("0.10"), True, "宅配便 (通常配送)",
                "東京倉庫", "デモ町2-4-6", "135-0001", "Asia/Tokyo", "江東区"),
}

COUNTRY_BY_CURRENCY = {place.currency: code for code, place in PLACES.items()}

# Fixed demo exchange rates into the shop's currency (USD), and flat shipping prices.
RATES = {"USD": Decimal(1), "EUR": Decimal("0.92"), "GBP": Decimal("0.79"),
         "NOK": Decimal("10.8"), "JPY": Decimal(150)}
SHIPPING_PRICES = {"USD": Decimal("8.00"), "EUR": Decimal("5.95"), "GBP": Decimal("4.99"),
                   "NOK": Decimal(99), "JPY": Decimal(800)}
ZERO_DECIMAL_CURRENCIES = {"JPY"}


def place_for(country: str | None, currency: str) -> Place:
    """Return the place for a country code, or the usual one for the currency."""
    return PLACES[country or COUNTRY_BY_CURRENCY.get(currency, "US")]


def delivery_title(place: Place, pickup: bool) -> str:
    """Return the delivery method's name as the checkout showed it."""
    return f"Pickup at {place.location_name}" if pickup else place.shipping_title


def mailing_address(place: Place, first: str, last: str, numeric_id: int) -> dict[str, Any]:
    """Return a MailingAddress for a customer of this place."""
    area = " ".join(part for part in (place.city, place.province_code, place.zip) if part)
    return {
        "id": f"gid://shopify/MailingAddress/{numeric_id}?model_name=Address",
        "firstName": first,
        "lastName": last,
        "name": f"{first} {last}",
        "company": None,
        "address1": place.address1,
        "address2": None,
        "city": place.city,
        "province": place.province,
        "provinceCode": place.province_code,
        "zip": place.zip,
        "country": place.country,
        "countryCode": place.country_code,
        "countryCodeV2": place.country_code,
        "timeZone": place.time_zone,
        "phone": None,
        "latitude": None,
        "longitude": None,
        "coordinatesValidated": False,
        "formattedArea": f"{place.city}, {place.country}",
        "formatted": [f"{first} {last}", place.address1, area, place.country],
    }


def assigned_location(place: Place) -> dict[str, Any]:
    """Return the FulfillmentOrderAssignedLocation of the shop's location for this place."""
    return {
        "name": place.location_name,
        "address1": place.location_address1,
        "address2": None,
        "city": place.location_city or place.city,
        "province": place.province,
        "zip": place.location_zip,
        "countryCode": place.country_code,
        "phone": None,
        "location": None,
    }
