"""The delivery the shopper requested at checkout, read from the order's custom attributes.

Japanese delivery-date apps store お届け希望日・時間帯 and 置き配 as order attributes, each app
under names of its own; the settings list the names to look for (see portal/config.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.model import RequestedDelivery

# 2026-12-05, 2026/12/05, 2026.12.05, 2026年12月5日 (full-width digits are folded first).
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# Answers that mean "no" to a leave-at-door question; any other non-empty answer means yes.
_NO = frozenset({"", "no", "false", "0", "off", "none", "いいえ", "不要", "希望しない", "しない",
                 "なし", "無し", "nei", "nej"})


@dataclass(frozen=True)
class AttributeNames:
    """Attribute names (compared without case or spaces) for each part of the request."""

    day: tuple[str, ...]
    time_slot: tuple[str, ...]
    leave_at_door: tuple[str, ...]


def _key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _first(values: dict[str, str], names: Iterable[str]) -> str | None:
    for name in names:
        value = values.get(_key(name), "").strip()
        if value:
            return value
    return None


def _day(text: str) -> date | None:
    match = _DATE.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def requested_delivery(attributes: list[dict[str, Any]] | None,
                       names: AttributeNames) -> RequestedDelivery | None:
    """The request the attributes hold, or None when they hold none."""
    values = {_key(str(a.get("key") or "")): str(a.get("value") or "")
              for a in attributes or [] if a}
    day_text = _first(values, names.day)
    time_slot = _first(values, names.time_slot)
    door = _first(values, names.leave_at_door)
    leave_at_door = door is not None and _key(door) not in _NO
    if not (day_text or time_slot or leave_at_door):
        return None
    day = _day(day_text) if day_text else None
    return RequestedDelivery(day=day, day_text=None if day else day_text, time_slot=time_slot,
                             leave_at_door=leave_at_door)
