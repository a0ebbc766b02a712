"""OrderReader: an order behind a link, from the cache while fresh, else from the store, else stale."""

import pytest

from portal.failures import Unavailable
from portal.lookup.ownership import OrderAccess
from tests.support.orders import sourced
from tests.unit.conftest import ORDER_TTL, STALE_TTL


def access(world, number=1001, email="alice@example.com"):
    return OrderAccess(f"gid://shopify/Order/{number}", world.keys.email_digest(email))


def test_an_order_is_read_once_then_served_from_the_cache_while_fresh(world):
    first = world.reader.load(access(world))
    world.clock.advance(ORDER_TTL - 1)
    again = world.reader.load(access(world))
    assert first.order.name == again.order.name == "#1001"
    assert not again.stale and again.fetched_at == first.fetched_at
    assert world.source.called("order") == 1
    world.clock.advance(2)
    assert world.reader.load(access(world)).fetched_at > first.fetched_at
    assert world.source.called("order") == 2


def test_the_cached_copy_lives_as_long_as_the_stale_ttl(world):
    world.reader.load(access(world))
    key = world.keys.order("gid://shopify/Order/1001", world.keys.email_digest("alice@example.com"))
    assert world.cache.ttl(key) == pytest.approx(STALE_TTL)


def test_a_stale_copy_is_shown_while_the_store_fails(world):
    first = world.reader.load(access(world))
    world.clock.advance(ORDER_TTL + 1)
    world.source.failing = True
    stale = world.reader.load(access(world))
    assert stale.stale and stale.order == first.order and stale.fetched_at == first.fetched_at


def test_without_any_copy_a_failing_store_is_unavailable(world):
    world.source.failing = True
    with pytest.raises(Unavailable):
        world.reader.load(access(world))


def test_an_order_that_changed_hands_or_vanished_is_dropped_from_the_cache(world):
    world.reader.load(access(world))
    world.source.orders["gid://shopify/Order/1001"] = sourced(1001, "carol@example.com")
    world.clock.advance(ORDER_TTL + 1)
    assert world.reader.load(access(world)) is None
    world.source.failing = True
    with pytest.raises(Unavailable):
        world.reader.load(access(world)), "no stale copy of an order that is no longer hers"
    world.source.failing = False
    assert world.reader.load(access(world, 1099)) is None


def test_a_read_under_way_when_the_order_changed_does_not_store_the_old_copy(world):
    order_key = world.keys.order("gid://shopify/Order/1001", world.keys.email_digest("alice@example.com"))
    read_order = world.source.order

    def order_changing_meanwhile(order_id, timezone, deadline):
        found = read_order(order_id, timezone, deadline)
        world.index.forget_order(order_id)  # the webhook lands while the store answers
        return found

    world.source.order = order_changing_meanwhile
    assert world.reader.load(access(world)).order.name == "#1001"
    assert order_key not in world.cache.live_keys()
    world.source.order = read_order
    world.clock.advance(1)
    world.reader.load(access(world))
    assert order_key in world.cache.live_keys(), "a copy read after the change is stored"


def test_a_status_page_link_is_minted_on_every_call_and_only_for_the_owner(world):
    first = world.reader.status_page_url(access(world))
    assert first and first != world.reader.status_page_url(access(world))
    assert world.reader.status_page_url(access(world, email="bob@example.com")) is None
    assert world.reader.status_page_url(access(world, 1099)) is None
