"""Order links: short-lived, encrypted tokens, so an order URL carries no email and no order data.

A link is a bearer capability: whoever holds it sees the order page for ORDER_LINK_TTL after the
lookup. Shopify's own status page shows more (the full address), so the link offers it only for
STATUS_PAGE_SECONDS after the lookup. When the lookup happened is sealed inside the token with
the rest, so a link found in a history or a log tells nothing, not even its age.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from portal.clock import SYSTEM_CLOCK, Clock
from portal.lookup.ownership import OrderAccess

STATUS_PAGE_SECONDS = 600
# Tokens sealed by another instance whose clock runs a little ahead still open.
_CLOCK_SKEW = 60
_NONCE = 12
_CONTEXT = b"portal order link v2"


@dataclass(frozen=True)
class OpenedLink:
    """What a valid link grants: the order, and Shopify's status page while it is young."""

    access: OrderAccess
    offers_status_page: bool


class OrderLinks:
    """Seals an OrderAccess into a URL-safe token and opens it again within its lifetime."""

    def __init__(self, secret_key: str, ttl_seconds: int, clock: Clock = SYSTEM_CLOCK) -> None:
        # Encrypted, not just signed: the order id and email hash stay unreadable in browser history.
        key = hashlib.sha256(b"portal order links aead\x00" + secret_key.encode()).digest()
        self._aead = AESGCM(key)
        self._ttl = ttl_seconds
        self._clock = clock
        # A shopper reloads, and a crowd shares a link: each token is decrypted once per worker.
        # What it grants still depends on the time it is read, so only the contents are kept.
        self._contents = lru_cache(maxsize=2048)(self._decrypt)

    def seal(self, access: OrderAccess) -> str:
        """Return a token for this access, valid for the configured lifetime."""
        payload = json.dumps([access.order_id.rsplit("/", 1)[-1], access.email_digest,
                              int(self._clock.now())]).encode()
        nonce = os.urandom(_NONCE)
        sealed = nonce + self._aead.encrypt(nonce, payload, _CONTEXT)
        return base64.urlsafe_b64encode(sealed).decode().rstrip("=")

    def open(self, token: str) -> OrderAccess | None:
        """Return the access inside a token, or None when it is forged, garbled or expired."""
        opened = self.read(token)
        return opened.access if opened else None

    def status_page_access(self, token: str) -> OrderAccess | None:
        """Return the access when the token is young enough to open Shopify's status page."""
        opened = self.read(token)
        return opened.access if opened and opened.offers_status_page else None

    def read(self, token: str) -> OpenedLink | None:
        """Return what a token grants, or None when it is forged, garbled or expired."""
        if not token or len(token) > 512:
            return None
        contents = self._contents(token)
        if contents is None:
            return None
        order_number, email_digest, issued_at = contents
        age = self._clock.now() - issued_at
        if not -_CLOCK_SKEW <= age <= self._ttl:
            return None
        return OpenedLink(OrderAccess(f"gid://shopify/Order/{order_number}", email_digest),
                          offers_status_page=age <= STATUS_PAGE_SECONDS)

    def _decrypt(self, token: str) -> tuple[str, str, int] | None:
        try:
            sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            raw = self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], _CONTEXT)
            order_number, email_digest, issued_at = json.loads(raw)
            return str(order_number), str(email_digest), int(issued_at)
        except (InvalidTag, binascii.Error, ValueError, TypeError):
            return None
