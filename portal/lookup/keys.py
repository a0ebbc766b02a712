"""Keyed hashes: how an email or a client becomes a cache key or a log field without being stored.

On a Redis Cluster a key's {hash tag} picks its slot. Everything opened with one email shares that
shopper's tag, and an order's index and change mark share the order's tag: so dropping a shopper's
entries is one command on one node, while a store's keys still spread over every master.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache


class KeyMaker:
    """Derives every cache key from SECRET_KEY, so a key reveals nothing and cannot be guessed."""

    def __init__(self, secret_key: str, shop: str) -> None:
        self._key = hmac.new(secret_key.encode(), b"portal cache keys", hashlib.sha256).digest()
        self._shop = shop
        # Every view of an order page needs its key: two HMACs, made once per worker and order.
        self._orders = lru_cache(maxsize=4096)(self._order)

    def _digest(self, *parts: str) -> str:
        message = "\x1f".join((self._shop, *parts)).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def email_digest(self, email: str) -> str:
        """Return the keyed hash that stands for a normalised email everywhere we store or log."""
        return self._digest("email", email)

    def _shopper_tag(self, email_digest: str) -> str:
        return "{s." + self._digest("shopper", email_digest)[:16] + "}"

    def _order_tag(self, order_id: str) -> str:
        return "{o." + self._digest("order-tag", order_id)[:16] + "}"

    def lookup(self, order_ref: str, email: str) -> str:
        """Key for 'which order do these two facts open'; needs both, never the number alone."""
        email_digest = self.email_digest(email)
        return (f"lookup:{self._shopper_tag(email_digest)}:"
                + self._digest("lookup", order_ref, email_digest))

    def order(self, order_id: str, email_digest: str) -> str:
        """Key for an order's display data, bound to the email that opened it."""
        return self._orders(order_id, email_digest)

    def _order(self, order_id: str, email_digest: str) -> str:
        return (f"order:{self._shopper_tag(email_digest)}:"
                + self._digest("order", order_id, email_digest))

    def guess(self, fact: str) -> str:
        """Key for counting failed lookups on one order number or email."""
        return self._digest("guess", fact)

    def customer(self, customer_id: str) -> str:
        """Key for a signed-in customer's recent orders."""
        return "customer:" + self._digest("customer", customer_id)

    def changed(self, order_id: str) -> str:
        """Key for when a webhook last said an order changed."""
        return "changed:" + self._order_tag(order_id)

    def client(self, address: str) -> str:
        """Short keyed hash of a client address for log lines."""
        return self._digest("client", address)[:12]

    def order_index(self, order_id: str) -> str:
        """Index of every cached key about one order, for webhooks to drop."""
        return "index:order:" + self._order_tag(order_id)

    def email_index(self, email_digest: str) -> str:
        """Index of every cached key opened with one email, for privacy requests to drop."""
        return "index:email:" + self._shopper_tag(email_digest)
