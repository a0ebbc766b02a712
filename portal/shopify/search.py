"""Shopify's order search syntax, built only from whitelisted, quoted values.

Everything here has already passed the lookup's normalisation; this second whitelist is what
keeps a search string from ever closing a quote or adding a filter.
"""

from __future__ import annotations

import re

from portal.model import OrderQuery

# Characters that are safe inside a quoted Shopify search value. An email with anything else is
# still checked exactly by the lookup; it just isn't used to narrow the search.
_SEARCH_SAFE_EMAIL = re.compile(r"[a-z0-9._%+'-]+@[a-z0-9.-]+")
_SAFE_AFFIX = re.compile(r"[A-Za-z0-9#._-]{0,16}")
_SAFE_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,31}")


def search_string(query: OrderQuery, prefix: str, suffix: str) -> str:
    """Return the Shopify search for candidates; every value is whitelisted and quoted."""
    if not _SAFE_NUMBER.fullmatch(query.number):
        raise ValueError("order number outside the search whitelist")
    if not (_SAFE_AFFIX.fullmatch(prefix) and _SAFE_AFFIX.fullmatch(suffix)):
        prefix = suffix = ""
    terms = [f'name:"{prefix}{query.number}{suffix}"']
    if not query.number.isdigit():
        terms.append(f'name:"{query.number}"')
    if query.may_be_confirmation:
        terms.append(f'confirmation_number:"{query.number}"')
    search = terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"
    if _SEARCH_SAFE_EMAIL.fullmatch(query.email):
        search += f' AND email:"{query.email}"'
    return search
