from portal.lookup.links import OrderLinks
from portal.lookup.ownership import OrderAccess
from tests.support.clock import FakeClock

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
    clock = FakeClock()
    links = OrderLinks("secret", ttl_seconds=60, clock=clock)
    token = links.seal(ACCESS)
    clock.advance(60)
    assert links.open(token) == ACCESS
    clock.advance(1.1)
    assert links.open(token) is None
