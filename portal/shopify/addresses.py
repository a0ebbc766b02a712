"""Shopify's structured addresses as view-model Addresses, masked so a screen does not give them
away: the name, postal code, province and city stay, the street keeps only its first characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from portal.model import Address

Node = dict[str, Any]

# A house number (and its "1-2-3" or "12B" forms) at the start of a street, as in "742 Example Ave".
_LEADING_NUMBER = re.compile(r"^\s*[\d０-９][\w\-‐－/]*[\s,]*")
_SHOWN_SHARE = 2 / 3


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in ("W", "F") for char in text)


def mask_street(street: str | None) -> str | None:
    """The street's name up to its first number, cut to two thirds, then "…": "Calle Eje…",
    "Eksempel…", "神宮…". Whole characters only, so it reads the same in every script."""
    if not street:
        return None
    rest = _LEADING_NUMBER.sub("", street.strip())
    name = re.split(r"[\d０-９]", rest, maxsplit=1)[0].strip(" ,.-") or rest or street.strip()
    shown = max(1, round(len(name) * _SHOWN_SHARE))
    return name[:shown].rstrip() + "…"


def person_name(first: str | None, last: str | None) -> str | None:
    """The recipient's name as their script writes it: family name first for Japanese names."""
    parts = [part.strip() for part in (first, last) if part and part.strip()]
    if len(parts) == 2 and _is_cjk("".join(parts)):
        parts.reverse()
    return " ".join(parts) or None


def mailing_address(node: Node | None) -> Address | None:
    """A shopper's MailingAddress, masked."""
    if not node:
        return None
    return Address(name=person_name(node.get("firstName"), node.get("lastName")),
                   street=mask_street(node.get("address1")), city=node.get("city"),
                   postcode=node.get("zip"), country=node.get("countryCodeV2"),
                   province=node.get("province"), province_code=node.get("provinceCode"))


def location_address(node: Node | None) -> Address | None:
    """A store location's address, in full: it is public, and the shopper has to find it."""
    if not node or not any(node.get(key) for key in ("address1", "city", "zip")):
        return None
    street = ", ".join(filter(None, (node.get("address1"), node.get("address2")))) or None
    return Address(name=None, street=street, city=node.get("city"), postcode=node.get("zip"),
                   country=node.get("countryCode"), province=node.get("province"))
