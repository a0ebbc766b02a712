"""Where a destination is, as clocks and calendars see it: its time zone and its holiday region."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global

# Spain's holidays are set per autonomous community (the `holidays` package's subdivisions);
# Shopify names Spanish provinces by their ISO 3166-2 codes, without the "ES-" prefix.
SPANISH_COMMUNITY = {
    **dict.fromkeys(("AL", "CA", "CO", "GR", "H", "J", "MA", "SE"), "AN"),
    **dict.fromkeys(("HU", "TE", "Z"), "AR"),
    "O": "AS", "PM": "IB", "S": "CB", "M": "MD", "MU": "MC", "NA": "NC", "LO": "RI",
    "CE": "CE", "ML": "ML",
    **dict.fromkeys(("GC", "TF"), "CN"),
    **dict.fromkeys(("AV", "BU", "LE", "P", "SA", "SG", "SO", "VA", "ZA"), "CL"),
    **dict.fromkeys(("AB", "CR", "CU", "GU", "TO"), "CM"),
    **dict.fromkeys(("B", "GI", "L", "T"), "CT"),
    **dict.fromkeys(("BA", "CC"), "EX"),
    **dict.fromkeys(("C", "LU", "OR", "PO"), "GA"),
    **dict.fromkeys(("VI", "SS", "BI"), "PV"),
    **dict.fromkeys(("A", "CS", "V"), "VC"),
}

# Countries with more than one zone whose zone a province decides; the rest use their main zone.
_ZONE_BY_PROVINCE = {("ES", "GC"): "Atlantic/Canary", ("ES", "TF"): "Atlantic/Canary",
                     ("ES", "CE"): "Africa/Ceuta", ("ES", "ML"): "Africa/Ceuta"}
_MAIN_ZONE = {"ES": "Europe/Madrid", "PT": "Europe/Lisbon"}


@dataclass(frozen=True)
class Zone:
    """The zone to show a destination's times in; `is_store` when only the store's was known."""

    name: str
    is_store: bool


def _province(code: str | None) -> str:
    # Shopify writes "M" for Madrid, some apps "ES-M"; both mean the same province.
    return (code or "").upper().rsplit("-", 1)[-1]


def subdivision(country: str | None, province_code: str | None) -> str | None:
    """The `holidays` subdivision of a destination, where its holidays differ by region."""
    if (country or "").upper() == "ES":
        return SPANISH_COMMUNITY.get(_province(province_code))
    return None


@cache
def _valid(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def country_zone(country: str | None, province_code: str | None = None) -> str | None:
    """The zone of a country that has one (or whose province decides it), else None."""
    country = (country or "").upper()
    if not country:
        return None
    by_province = _ZONE_BY_PROVINCE.get((country, _province(province_code)))
    zones = get_global("territory_zones").get(country, [])
    return by_province or _MAIN_ZONE.get(country) or (zones[0] if len(zones) == 1 else None)


def time_zone(name: str | None) -> ZoneInfo:
    """The named time zone, or UTC for a name that is missing or that zoneinfo does not know."""
    return ZoneInfo(name) if name and _valid(name) else ZoneInfo("UTC")


def destination_zone(address_zone: str | None, country: str | None, province_code: str | None,
                     store_zone: str) -> Zone:
    """The address's own zone, else its country's, else the store's (to be named on the page)."""
    for name in (address_zone, country_zone(country, province_code)):
        if name and _valid(name):
            return Zone(name, is_store=False)
    return Zone(store_zone if _valid(store_zone) else "UTC", is_store=True)
