"""Who may see an order: the one rule, decided on the email the store holds for it."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from portal.lookup import normalise
from portal.lookup.keys import KeyMaker
from portal.model import OrderFacts


@dataclass(frozen=True)
class OrderAccess:
    """What an order link grants: one order, for the email that opened it (as a keyed hash)."""

    order_id: str
    email_digest: str


class Ownership:
    """An order belongs to the normalised email the store holds for it; test orders and orders
    without an email belong to nobody."""

    def __init__(self, keys: KeyMaker) -> None:
        self._keys = keys

    def owner(self, facts: OrderFacts) -> str | None:
        """The keyed hash of the order's owner, or None when nobody may open it."""
        email = normalise.email(facts.email or "")
        return None if facts.test or not email else self._keys.email_digest(email)

    def belongs(self, facts: OrderFacts, email_digest: str) -> bool:
        """True when the order is the email's (compared in constant time)."""
        owner = self.owner(facts) or ""
        return bool(owner) and hmac.compare_digest(owner.encode(), email_digest.encode())

    def access(self, facts: OrderFacts) -> OrderAccess | None:
        """The access an order link to this order grants its owner, if it has one."""
        owner = self.owner(facts)
        return OrderAccess(facts.id, owner) if owner else None
