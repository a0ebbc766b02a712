"""ShopSettings: memory, then the cache, then the store; a last good copy while the store fails."""

import pytest

from portal.failures import Unavailable
from portal.lookup.shop import FALLBACK_SHOP, ShopSettings
from portal.model import ShopInfo
from tests.support.orders import SHOP

RENAMED = ShopInfo(name="Renamed", timezone="Asia/Tokyo", prefix="EN", suffix="")


def test_settings_are_asked_once_then_held_for_an_hour(world):
    assert world.shop.get() == SHOP
    world.clock.advance(3599)
    assert world.shop.get() == SHOP
    assert world.source.called("shop") == 1
    world.source.shop_info = RENAMED
    world.clock.advance(2)
    assert world.shop.get() == RENAMED
    assert world.source.called("shop") == 2


def test_another_worker_reads_the_settings_from_the_cache(world):
    world.shop.get()
    other = ShopSettings(world.source, world.cache, clock=world.clock)
    assert other.known() is None
    assert other.get() == SHOP and other.known() == SHOP
    assert world.source.called("shop") == 1


def test_a_failing_store_keeps_the_last_good_copy_and_asks_again_after_30_seconds(world):
    world.shop.get()
    world.clock.advance(3601)
    world.source.failing = True
    assert world.shop.read() == SHOP
    world.clock.advance(29)
    assert world.shop.read() == SHOP
    assert world.source.called("shop") == 2
    world.source.failing = False
    world.clock.advance(2)
    assert world.shop.read() == SHOP
    assert world.source.called("shop") == 3


def test_never_having_read_the_settings_is_not_guessed_away(world):
    world.source.failing = True
    assert world.shop.get() is FALLBACK_SHOP
    with pytest.raises(Unavailable):
        world.shop.read()
    world.source.failing = False
    world.clock.advance(4)
    with pytest.raises(Unavailable):
        world.shop.read()
    world.clock.advance(2)
    assert world.shop.read() == SHOP, "the first retry comes after five seconds"


def test_the_cached_copy_outlives_its_hour_for_when_the_store_is_down(world):
    world.shop.get()
    world.clock.advance(20 * 3600)
    world.source.failing = True
    fresh_worker = ShopSettings(world.source, world.cache, clock=world.clock)
    assert fresh_worker.read() == SHOP
