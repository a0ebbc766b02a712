"""What shoppers type, made comparable: order numbers, confirmation numbers and emails.

Everything that later reaches the store's search passes a whitelist here first, so no input can
close a quote or add a filter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_ORDER_INPUT = 40
MAX_EMAIL_INPUT = 254

_ORDER_CHARS = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,31}")
_CONFIRMATION = re.compile(r"(?=.*[A-Z])[A-Z0-9]{6,12}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_SPACES = re.compile(r"\s+")
_NUMBER_WORDS = re.compile(r"^(?:ORDER|NO\.?|NR\.?|NUM\.?|N[º°])\s*", re.IGNORECASE)


@dataclass(frozen=True)
class OrderRef:
    """An order number or confirmation number, with the store's prefix and suffix removed."""

    core: str

    @property
    def is_number(self) -> bool:
        return self.core.isdigit()

    @property
    def may_be_confirmation(self) -> bool:
        return bool(_CONFIRMATION.fullmatch(self.core))


def has_control_characters(text: str) -> bool:
    """True when the text holds characters no keyboard types (NUL, escapes, bidi overrides...)."""
    return any(unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r" for char in text)


def _fold(text: str) -> str:
    # NFKC turns full-width digits and '＃' from Japanese keyboards into their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip()


def order_ref(raw: str, prefix: str = "#", suffix: str = "") -> OrderRef | None:
    """Return the comparable core of a typed order or confirmation number, or None if malformed."""
    text = _fold(raw)
    if len(text) > MAX_ORDER_INPUT or has_control_characters(text):
        return None
    text = _NUMBER_WORDS.sub("", _SPACES.sub("", text)).upper()
    core = strip_affixes(text, prefix, suffix).lstrip("#")
    if not _ORDER_CHARS.fullmatch(core):
        return None
    return OrderRef(core)


def strip_affixes(name: str, prefix: str, suffix: str) -> str:
    """Return an order name without the store's prefix and suffix, uppercased for comparison."""
    name = _fold(name).upper()
    prefix, suffix = _fold(prefix).upper(), _fold(suffix).upper()
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        name = name[len(prefix):]
    if suffix and name.endswith(suffix) and len(name) > len(suffix):
        name = name[: -len(suffix)]
    return name.lstrip("#")


def email(raw: str) -> str | None:
    """Return the email lowercased and trimmed, or None if it cannot be an email address."""
    text = _fold(raw)
    if len(text) > MAX_EMAIL_INPUT or has_control_characters(text):
        return None
    if not _EMAIL.fullmatch(text):
        return None
    return text.lower()
