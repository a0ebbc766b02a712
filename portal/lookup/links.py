"""Order links: short-lived, encrypted tokens, so an order URL carries no email and no order data."""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken

from portal.clock import SYSTEM_CLOCK, Clock
from portal.lookup.ownership import OrderAccess


class OrderLinks:
    """Seals an OrderAccess into a URL-safe token and opens it again within its lifetime."""

    def __init__(self, secret_key: str, ttl_seconds: int, clock: Clock = SYSTEM_CLOCK) -> None:
        # Encrypted, not just signed: the order id and email hash stay unreadable in browser history.
        key = hashlib.sha256(b"portal order links\x00" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))
        self._ttl = ttl_seconds
        self._clock = clock

    def seal(self, access: OrderAccess) -> str:
        """Return a token for this access, valid for the configured lifetime."""
        payload = json.dumps([access.order_id.rsplit("/", 1)[-1], access.email_digest])
        sealed = self._fernet.encrypt_at_time(payload.encode(), int(self._clock.now()))
        return sealed.decode().rstrip("=")

    def open(self, token: str) -> OrderAccess | None:
        """Return the access inside a token, or None when it is forged, garbled or expired."""
        if not token or len(token) > 512:
            return None
        try:
            raw = self._fernet.decrypt_at_time(token + "=" * (-len(token) % 4), ttl=self._ttl,
                                               current_time=int(self._clock.now()))
            order_number, email_digest = json.loads(raw)
        except (InvalidToken, ValueError, TypeError):
            return None
        return OrderAccess(f"gid://shopify/Order/{order_number}", email_digest)
