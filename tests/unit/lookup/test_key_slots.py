"""On a Redis Cluster no command may name keys of two hash slots, and one slot for the whole store
would put every key on one master: the key design keeps both promises."""

from __future__ import annotations

from collections import Counter

from redis.crc import key_slot

from portal.lookup.keys import KeyMaker
from portal.store.cache import PREFIX, same_slot

KEYS = KeyMaker("secret", "acme.myshopify.com")
# The slot ranges `redis-cli --cluster create` gives three masters.
MASTERS = ((0, 5460), (5461, 10922), (10923, 16383))


def slot(key: str) -> int:
    return key_slot((PREFIX + key).encode())


def shopper_entries(email: str, orders: list[str]) -> tuple[str, list[str]]:
    """The email's index and what a lookup notes under it: each pair's lookup and order page."""
    digest = KEYS.email_digest(email)
    noted = [key for number in orders
             for key in (KEYS.lookup(number, email), KEYS.order(f"gid://shopify/Order/{number}", digest))]
    return KEYS.email_index(digest), noted


SHOPPERS = {f"shopper{n}@example.com": [str(5000 + n), str(9000 + n)] for n in range(300)}


def test_forgetting_a_shopper_is_one_command_on_one_slot():
    for email, orders in SHOPPERS.items():
        index, noted = shopper_entries(email, orders)
        assert {slot(key) for key in [index, *noted]} == {slot(index)}, email


def test_an_orders_index_and_its_change_mark_share_a_slot():
    for number in ("1001", "1002", "987654321"):
        order_id = f"gid://shopify/Order/{number}"
        assert slot(KEYS.order_index(order_id)) == slot(KEYS.changed(order_id))


def test_a_lock_lives_in_the_slot_of_the_key_it_guards():
    key = KEYS.lookup("1001", "jane@example.com")
    assert slot("lock:" + key) == slot(key)


def test_a_stores_keys_spread_over_every_master():
    keys = [key for email, orders in SHOPPERS.items() for key in
            (lambda index, noted: [index, *noted])(*shopper_entries(email, orders))]
    keys += [KEYS.order_index(f"gid://shopify/Order/{5000 + n}") for n in range(300)]
    slots = [slot(key) for key in keys]
    per_master = Counter(next(i for i, (low, high) in enumerate(MASTERS) if low <= s <= high)
                         for s in slots)
    assert len(set(slots)) > 400
    # Hashing spreads about a third to each; a quarter leaves room for chance, not for one tag.
    assert all(per_master[i] > len(slots) / 4 for i in range(3)), per_master


def test_keys_deleted_together_are_grouped_by_slot():
    _, alice = shopper_entries("alice@example.com", ["1001"])
    _, bob = shopper_entries("bob@example.com", ["1001"])
    keys = [PREFIX + key for key in [*alice, *bob]]
    groups = same_slot(keys)
    assert sorted(key for group in groups for key in group) == sorted(keys)
    assert all(len({key_slot(key.encode()) for key in group}) == 1 for group in groups)
    assert len(groups) == 2
