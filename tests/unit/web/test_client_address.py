"""Every spelling of one client address is one client; an IPv6 client is its /64."""

import pytest

from portal.web.limits import canonical_client


@pytest.mark.parametrize("spelling", [
    "2001:db8::1", "2001:DB8::1", "[2001:db8::1]", "2001:0db8:0000:0000:0000:0000:0000:0001",
    "2001:db8::1%eth0", "2001:db8::ffff:1", "2001:db8:0:0:1234:5678:9abc:def0", " 2001:db8::2 ",
])
def test_every_address_in_one_ipv6_64_is_one_client(spelling):
    assert canonical_client(spelling) == "2001:db8::/64"


@pytest.mark.parametrize("spelling", ["203.0.113.7", "::ffff:203.0.113.7", "::FFFF:cb00:7107",
                                      "[::ffff:203.0.113.7]"])
def test_ipv4_mapped_ipv6_is_the_ipv4_client(spelling):
    assert canonical_client(spelling) == "203.0.113.7"


def test_neighbouring_networks_stay_apart():
    assert canonical_client("2001:db8:0:1::1") != canonical_client("2001:db8::1")
    assert canonical_client("203.0.113.8") != canonical_client("203.0.113.7")


@pytest.mark.parametrize("junk", ["", "unknown", "203.000.113.007", "999.1.1.1", "2001:db8::1::"])
def test_unparseable_spellings_share_one_bucket(junk):
    assert canonical_client(junk) == "unparseable"
