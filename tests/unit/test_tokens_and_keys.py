import time

from portal.lookup.keys import KeyMaker
from portal.lookup.links import OrderLinks
from portal.lookup.ownership import OrderAccess

ACCESS = OrderAccess("gid://shopify/Order/5551001", "ab" * 32)


def test_order_link_round_trip_hides_its_content():
    links = OrderLinks("secret", ttl_seconds=60)
    token = links.seal(ACCESS)
    assert links.open(token) == ACCESS
    assert "5551001" not in token and "abab" not in token


def test_order_link_is_refused_when_forged_or_from_another_secret():
    token = OrderLinks("secret", 60).seal(ACCESS)
    assert OrderLinks("other", 60).open(token) is None
    assert OrderLinks("secret", 60).open(token[:-3] + "AAA") is None
    assert OrderLinks("secret", 60).open("") is None
    assert OrderLinks("secret", 60).open("x" * 600) is None


def test_order_link_expires():
    links = OrderLinks("secret", ttl_seconds=1)
    token = links.seal(ACCESS)
    time.sleep(2.1)
    assert links.open(token) is None


def test_keys_never_contain_the_email_and_need_both_facts():
    keys = KeyMaker("secret", "acme.myshopify.com")
    key = keys.lookup("1001", "jane@example.com")
    assert "jane" not in key and "1001" not in key
    assert key != keys.lookup("1001", "john@example.com")
    assert key != keys.lookup("1002", "jane@example.com")
    assert key != KeyMaker("other", "acme.myshopify.com").lookup("1001", "jane@example.com")
    assert keys.order("gid://shopify/Order/1", keys.email_digest("a@b.co")) != \
        keys.order("gid://shopify/Order/1", keys.email_digest("c@d.co"))
