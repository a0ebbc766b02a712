"""How the carrier table compares names and numbers and fills its URL templates."""

import string
import unicodedata
from collections.abc import Mapping
from typing import TypeGuard
from urllib.parse import quote, urlsplit

# What merchants put in `company` when they picked no carrier, in the portal's languages.
_NO_CARRIER = frozenset({"other", "others", "その他", "otro", "otros", "annet", "andre"})
# Japanese input methods turn a typed hyphen into a long vowel mark or a full-width dash.
_SEPARATORS = str.maketrans("", "", "-‐‑‒–—―−ー")


def language(locale: str | None) -> str:
    """The primary language subtag of a locale ('nb' for 'nb_NO' or 'nb-NO'), lower case."""
    return (locale or "").replace("-", "_").split("_")[0].lower()


def fold(name: str) -> str:
    """`name` as compared: NFKC, case-folded, without Latin accents, letters and digits only."""
    kept = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        if char.isalnum():
            base = unicodedata.normalize("NFD", char)[0]
            # Only Latin letters lose their accents: dakuten on kana change the word.
            kept.append(base if base.isascii() else char)
    return "".join(kept)


def fill(template: str, values: Mapping[str, str | None]) -> str | None:
    """`template` with its fields URL-encoded; None when a field it needs has no value."""
    fields = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if any(not values.get(field) for field in fields):
        return None
    return template.format_map({field: quote(str(values[field]), safe="") for field in fields})


def clean_number(number: str) -> str:
    """A tracking number without spaces or hyphens of any width."""
    return "".join(unicodedata.normalize("NFKC", number).split()).translate(_SEPARATORS)


def named_company(company: str | None) -> str | None:
    """The company as typed, unless blank or one of the words for "no carrier"."""
    folded = fold(company or "")
    return company.strip() if company and folded and folded not in _NO_CARRIER else None


def is_web_url(url: str | None) -> TypeGuard[str]:
    """True for an absolute http(s) URL."""
    # The url is merchant input: anything but http(s) (say javascript:) must never become a link.
    parts = urlsplit((url or "").strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)
