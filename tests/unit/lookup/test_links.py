import base64

from portal.lookup.links import STATUS_PAGE_SECONDS, OrderLinks
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
    links = OrderLinks("secret", ttl_seconds=1800, clock=clock)
    token = links.seal(ACCESS)
    clock.advance(1799)
    assert links.open(token) == ACCESS
    clock.advance(2)
    assert links.open(token) is None


def test_the_status_page_is_offered_only_shortly_after_the_lookup():
    clock = FakeClock()
    links = OrderLinks("secret", ttl_seconds=1800, clock=clock)
    token = links.seal(ACCESS)
    clock.advance(STATUS_PAGE_SECONDS - 1)
    assert links.status_page_access(token) == ACCESS
    clock.advance(2)
    assert links.status_page_access(token) is None
    assert links.open(token) == ACCESS, "the order page itself stays open"


def test_a_link_sealed_in_the_future_is_refused():
    clock = FakeClock()
    token = OrderLinks("secret", 1800, clock=clock).seal(ACCESS)
    clock.advance(-3600)
    assert OrderLinks("secret", 1800, clock=clock).open(token) is None


def test_the_lookup_time_cannot_be_read_from_a_link():
    clock = FakeClock(now=1_800_000_000)
    raw = base64.urlsafe_b64decode(OrderLinks("secret", 60, clock=clock).seal(ACCESS) + "==")
    issued = int(clock.now())
    # Fernet keeps it in clear as 8 big-endian bytes after its version byte; nor may any other
    # plain spelling of it appear.
    for spelling in (issued.to_bytes(8, "big"), issued.to_bytes(4, "big"),
                     issued.to_bytes(4, "little"), str(issued).encode()):
        assert spelling not in raw
