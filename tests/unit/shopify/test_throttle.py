import pytest

from portal.shopify.throttle import ThrottleState, retry_after, throttled_wait
from tests.support.clock import FakeClock


def cost(requested=None, available=100.0, maximum=1000.0, rate=50.0):
    status = {"currentlyAvailable": available, "maximumAvailable": maximum, "restoreRate": rate}
    return {"requestedQueryCost": requested, "throttleStatus": status}


def test_nothing_seen_yet_means_no_wait():
    assert ThrottleState({}, clock=FakeClock()).wait_before("Q") == 0


def test_the_wait_fits_the_querys_own_last_cost_and_shrinks_as_the_bucket_refills():
    clock = FakeClock()
    throttle = ThrottleState({"Big": 120.0}, unknown_cost=50.0, clock=clock)
    throttle.remember("Other", cost(requested=None, available=100, rate=50))
    assert throttle.wait_before("Big") == pytest.approx(0.4), "the computed cost until Shopify says"
    assert throttle.wait_before("Unknown") == 0, "an unlisted query is expected to cost 50"
    throttle.remember("Big", cost(requested=300, available=100, rate=50))
    assert throttle.wait_before("Big") == pytest.approx(4.0)
    clock.advance(3.0)
    assert throttle.wait_before("Big") == pytest.approx(1.0)
    clock.advance(5.0)
    assert throttle.wait_before("Big") == 0


def test_the_bucket_never_refills_past_its_maximum():
    clock = FakeClock()
    throttle = ThrottleState({}, clock=clock)
    throttle.remember("Q", cost(requested=150, available=0, maximum=100, rate=10))
    clock.advance(3600)
    assert throttle.wait_before("Q") == pytest.approx(5.0)


def test_a_response_without_a_readable_status_keeps_the_last_one():
    throttle = ThrottleState({}, clock=FakeClock())
    throttle.remember("Q", cost(requested=150, available=50, rate=50))
    throttle.remember("Q", {"requestedQueryCost": 150, "throttleStatus": {"restoreRate": "fast"}})
    assert throttle.wait_before("Q") == pytest.approx(2.0)


@pytest.mark.parametrize("answer,seconds", [
    (cost(requested=120, available=20, rate=50), 2.0), (cost(requested=10, available=20), 0.0),
    (cost(requested=120, available=20, rate=0), 1.0), ({}, 1.0),
])
def test_a_throttled_answer_asks_for_the_time_the_bucket_needs(answer, seconds):
    assert throttled_wait(answer) == pytest.approx(seconds)


@pytest.mark.parametrize("headers,seconds", [({"Retry-After": "3"}, 3.0), ({}, 1.0),
                                             ({"Retry-After": "soon"}, 1.0), ({"Retry-After": "-4"}, 0.0)])
def test_retry_after_is_read_from_the_header(headers, seconds):
    assert retry_after(headers) == seconds
