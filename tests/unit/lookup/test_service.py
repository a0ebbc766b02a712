"""OrderLookup's rules, against an in-memory store whose search returns every order."""

import pytest

from portal.failures import Unavailable
from portal.lookup.service import Found, Invalid, Locked, NotFound
from tests.unit.conftest import NOT_FOUND_TTL

CLIENT = "client-digest"


def test_the_right_pair_opens_the_order(world):
    outcome = world.lookup.submit(" #1001 ", "Alice@Example.com", CLIENT)
    assert isinstance(outcome, Found)
    assert outcome.name == "#1001"
    assert outcome.access.order_id == "gid://shopify/Order/1001"
    assert outcome.access.email_digest == world.keys.email_digest("alice@example.com")


def test_a_confirmation_number_opens_the_order_too(world):
    assert isinstance(world.lookup.submit("xpav284ct", "alice@example.com", CLIENT), Found)


@pytest.mark.parametrize("number,email", [
    ("1001", "bob@example.com"),        # someone else's email
    ("1099", "alice@example.com"),      # no such order
    ("1003", "test@example.com"),       # a test order belongs to nobody
    ("1002", "alice@example.com"),
])
def test_anything_but_the_owners_pair_is_not_found(world, number, email):
    assert world.lookup.submit(number, email, CLIENT) == NotFound()


def test_malformed_input_is_invalid_and_costs_no_store_call(world):
    assert world.lookup.submit("1001) OR email:*", "alice@example.com", CLIENT) == Invalid()
    assert world.lookup.submit("1001", "not-an-email", CLIENT) == Invalid()
    assert world.source.called("candidates") == 0


def test_a_not_found_answer_never_comes_faster_than_the_floor(world):
    world.lookup.submit("1099", "alice@example.com", CLIENT)
    assert world.clock.slept == [pytest.approx(0.4)]
    world.lookup.submit("1001", "alice@example.com", CLIENT)
    assert len(world.clock.slept) == 1, "a found order is not slowed down"


def test_answers_are_cached_per_pair_and_a_miss_only_for_a_while(world):
    world.lookup.submit("1001", "alice@example.com", CLIENT)
    world.lookup.submit("1001", "alice@example.com", CLIENT)
    world.lookup.submit("1099", "alice@example.com", CLIENT)
    world.lookup.submit("1099", "alice@example.com", CLIENT)
    assert world.source.called("candidates") == 2
    world.clock.advance(NOT_FOUND_TTL + 1)
    world.lookup.submit("1099", "alice@example.com", CLIENT)
    world.lookup.submit("1001", "alice@example.com", CLIENT)
    assert world.source.called("candidates") == 3, "only the miss expired"


def test_wrong_guesses_lock_the_order_number_and_a_success_is_not_counted(world):
    for _ in range(2):
        assert world.lookup.submit("1001", "mallory@example.com", CLIENT) == NotFound()
    assert isinstance(world.lookup.submit("1001", "alice@example.com", CLIENT), Found)
    assert world.lookup.submit("1001", "eve@example.com", CLIENT) == NotFound()
    locked = world.lookup.submit("1001", "alice@example.com", CLIENT)
    assert isinstance(locked, Locked)
    assert 3500 < locked.retry_after <= 3601
    world.clock.advance(3601)
    assert isinstance(world.lookup.submit("1001", "alice@example.com", CLIENT), Found)


def test_a_failing_store_is_unavailable_and_not_counted_as_a_guess(world):
    world.lookup.submit("1001", "alice@example.com", CLIENT)  # the shop's settings are known now
    world.source.failing = True
    for _ in range(5):
        with pytest.raises(Unavailable):
            world.lookup.submit("1002", "bob@example.com", CLIENT)
    world.source.failing = False
    assert isinstance(world.lookup.submit("1002", "bob@example.com", CLIENT), Found)
