"""OrderLookup: the rules for finding an order by two facts and reading it through the cache.

"No such order" is a normal result (None), not an exception, and a wrong email is exactly that.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from portal.clock import Deadline
from portal.failures import Unavailable
from portal.lookup import normalise
from portal.lookup.keys import KeyMaker
from portal.lookup.shop import ShopInfo, ShopSettings
from portal.model import Order
from portal.shopify import queries
from portal.shopify.client import ShopifyClient
from portal.shopify.mapping import OrderMapper
from portal.store import codec
from portal.store.cache import OrderCache
from portal.store.flight import SingleFlight

log = logging.getLogger(__name__)

_NOT_FOUND = "-"
_MAX_LINE_ITEM_PAGES = 10


@dataclass(frozen=True)
class OrderAccess:
    """What an order link grants: one order, for the email that opened it (as a keyed hash)."""

    order_id: str
    email_digest: str


@dataclass(frozen=True)
class Found:
    """A successful lookup: the access to grant and the order's name for the log."""

    access: OrderAccess
    name: str


@dataclass(frozen=True)
class LoadedOrder:
    order: Order
    fetched_at: datetime
    stale: bool


@dataclass(frozen=True)
class LookupTimes:
    order_ttl: int
    not_found_ttl: int
    not_found_floor: float = 0.0
    stale_ttl: int = 86400
    deadline: float = 8.0


class OrderLookup:
    """Finds orders safely and serves them from the cache, asking Shopify only when it must."""

    def __init__(self, client: ShopifyClient, cache: OrderCache, keys: KeyMaker,
                 mapper: OrderMapper, shop: ShopSettings, times: LookupTimes) -> None:
        self._client = client
        self._shop = shop
        self._cache = cache
        self._keys = keys
        self._mapper = mapper
        self._times = times
        self._flight = SingleFlight(cache, wait_seconds=times.deadline)

    def find(self, order_input: str, email_input: str) -> Found | None:
        """Return the order these two facts open, or None; raises Unavailable.

        A None never comes faster than the configured floor, so how long a failed lookup took
        tells nothing about whether the order exists."""
        started = time.monotonic()
        found = self._find(order_input, email_input)
        if found is None:
            time.sleep(max(0.0, self._times.not_found_floor - (time.monotonic() - started)))
        return found

    def _find(self, order_input: str, email_input: str) -> Found | None:
        deadline = Deadline.after(self._times.deadline)
        shop = self._shop.read(deadline)
        ref = normalise.order_ref(order_input, shop.prefix, shop.suffix)
        email = normalise.email(email_input)
        if ref is None or email is None:
            return None
        key = self._keys.lookup(ref.core, email)

        def search() -> str:
            match = self._search(ref, email, shop, deadline)
            value = json.dumps([match["id"], match["name"]]) if match else _NOT_FOUND
            # A found order's mapping lives as long as its last good copy, so the copy can still be
            # reached while Shopify is down; the order page re-checks the email on every refresh.
            ttl = self._times.stale_ttl if match else self._times.not_found_ttl
            self._cache.set(key, value, ttl)
            self._index(key, self._keys.email_digest(email), match["id"] if match else None)
            return value

        value = self._flight.run(key, lambda: self._cache.get(key), search)
        if value == _NOT_FOUND:
            return None
        order_id, name = json.loads(value)
        return Found(OrderAccess(order_id, self._keys.email_digest(email)), name)

    def _search(self, ref: normalise.OrderRef, email: str, shop: ShopInfo,
                 deadline: Deadline) -> dict | None:
        search = normalise.search_string(ref, email, shop.prefix, shop.suffix)
        data = self._client.execute(queries.CANDIDATES_QUERY, {"search": search}, deadline)
        found = None
        # Every candidate is checked, so the time taken does not depend on where a match sits.
        for node in (data.get("orders") or {}).get("nodes") or []:
            if _is_match(node, ref, email, shop) and found is None:
                found = node
        return found

    def load(self, access: OrderAccess) -> LoadedOrder | None:
        """Return the order for this access, fresh from the cache or Shopify, else a stale copy
        when Shopify fails; None when the order is gone or no longer belongs to that email."""
        key = self._keys.order(access.order_id, access.email_digest)
        entry = self._read_entry(key)
        if entry and not self._expired(entry):
            return entry
        try:
            return self._flight.run(key, lambda: self._fresh_entry(key),
                                    lambda: self._fetch(access, key))
        except Unavailable:
            if entry is None:
                raise
            log.warning("Shopify unavailable: serving a copy of %s from %s",
                        entry.order.name, entry.fetched_at.isoformat())
            return LoadedOrder(entry.order, entry.fetched_at, stale=True)

    def status_page_url(self, access: OrderAccess) -> str | None:
        """Return a freshly minted link to Shopify's order status page, never cached."""
        data = self._client.execute(queries.STATUS_PAGE_QUERY, {"id": access.order_id},
                                    Deadline.after(self._times.deadline))
        node = data.get("order")
        if not node or not self._belongs(node, access):
            return None
        return node.get("statusPageUrl")

    def forget_order(self, order_id: str) -> None:
        """Drop everything cached about one order, so the next lookup shows its changes."""
        index = self._keys.order_index(order_id)
        # A read of Shopify already under way may hold the old order: it must not store it back.
        self._cache.set("changed:" + index, str(time.time()), self._times.stale_ttl)
        self._cache.forget(index)

    def forget_customer(self, email: str | None, order_ids: list[str]) -> None:
        """Drop everything cached for a customer's email and orders (a redact request)."""
        address = normalise.email(email or "")
        if address:
            self._cache.forget(self._keys.email_index(self._keys.email_digest(address)))
        for order_id in order_ids:
            self.forget_order(order_id)

    def forget_everything(self) -> None:
        """Drop every cached entry of the store."""
        self._cache.clear()

    def _index(self, key: str, email_digest: str, order_id: str | None) -> None:
        # A failed pair is not indexed: its marker expires within NOT_FOUND_CACHE_TTL by itself,
        # and an index would keep every email anyone typed for a day.
        if order_id:
            self._cache.remember(self._keys.email_index(email_digest), key, self._times.stale_ttl)
            self._cache.remember(self._keys.order_index(order_id), key, self._times.stale_ttl)

    def _read_entry(self, key: str) -> LoadedOrder | None:
        raw = self._cache.get(key)
        if not raw:
            return None
        try:
            entry = json.loads(raw)
            return LoadedOrder(codec.loads(Order, entry["order"]),
                               datetime.fromisoformat(entry["fetched_at"]), stale=False)
        except (ValueError, KeyError, TypeError):
            # Written by another version of the portal: treat as a miss, it will be replaced.
            return None

    def _fresh_entry(self, key: str) -> LoadedOrder | None:
        entry = self._read_entry(key)
        return entry if entry and not self._expired(entry) else None

    def _expired(self, entry: LoadedOrder) -> bool:
        age = datetime.now(UTC) - entry.fetched_at
        return age >= timedelta(seconds=self._times.order_ttl)

    def _fetch(self, access: OrderAccess, key: str) -> LoadedOrder | None:
        started = time.time()
        deadline = Deadline.after(self._times.deadline)
        node = self._client.execute(queries.ORDER_QUERY, {"id": access.order_id}, deadline)["order"]
        if not node or not self._belongs(node, access):
            self._cache.delete(key)
            return None
        line_items = self._all_line_items(node, deadline)
        order = self._mapper.order(node, line_items, self._shop.get(deadline).timezone)
        fetched_at = datetime.now(UTC)
        if not self._changed_since(access.order_id, started):
            self._cache.set(key, json.dumps({"fetched_at": fetched_at.isoformat(),
                                             "order": codec.dumps(order)}), self._times.stale_ttl)
            self._index(key, access.email_digest, access.order_id)
        return LoadedOrder(order, fetched_at, stale=False)

    def _changed_since(self, order_id: str, moment: float) -> bool:
        changed = self._cache.get("changed:" + self._keys.order_index(order_id))
        return changed is not None and float(changed) >= moment

    def _all_line_items(self, node: dict[str, Any], deadline: Deadline) -> list[dict[str, Any]]:
        connection = node.get("lineItems") or {}
        items = list(connection.get("nodes") or [])
        for _ in range(_MAX_LINE_ITEM_PAGES):
            page_info = connection.get("pageInfo") or {}
            if not page_info.get("hasNextPage"):
                break
            data = self._client.execute(queries.LINE_ITEMS_QUERY,
                                        {"id": node["id"], "after": page_info.get("endCursor")},
                                        deadline)
            connection = (data.get("order") or {}).get("lineItems") or {}
            items.extend(connection.get("nodes") or [])
        return items

    def _belongs(self, node: dict[str, Any], access: OrderAccess) -> bool:
        email = normalise.email(node.get("email") or "")
        digest = self._keys.email_digest(email) if email else ""
        return hmac.compare_digest(digest.encode(), access.email_digest.encode()) \
            and not node.get("test")


def _is_match(node: dict[str, Any], ref: normalise.OrderRef, email: str, shop: ShopInfo) -> bool:
    """The exact check Shopify's fuzzy search cannot be trusted with."""
    name = normalise.strip_affixes(node.get("name") or "", shop.prefix, shop.suffix)
    confirmation = (node.get("confirmationNumber") or "").upper()
    number_matches = name == ref.core or (ref.may_be_confirmation and confirmation == ref.core)
    candidate_email = normalise.email(node.get("email") or "") or ""
    email_matches = hmac.compare_digest(candidate_email.encode(), email.encode())
    return number_matches and email_matches and not node.get("test")
