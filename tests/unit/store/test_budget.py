import pytest

from portal.clock import Deadline
from portal.failures import Unavailable
from portal.store.budget import CallBudget
from tests.support.clock import FakeClock
from tests.support.memory import MemoryCounters


@pytest.fixture
def clock():
    return FakeClock()


def test_calls_within_the_budget_go_at_once(clock):
    budget = CallBudget(MemoryCounters(clock), calls_per_second=3, clock=clock)
    for _ in range(3):
        budget.spend(Deadline.after(8))
    assert clock.slept == []


def test_a_call_past_the_budget_waits_for_the_next_second(clock):
    budget = CallBudget(MemoryCounters(clock), calls_per_second=1, clock=clock)
    budget.spend(Deadline.after(8))
    clock.advance(0.6)
    budget.spend(Deadline.after(8))
    assert sum(clock.slept) == pytest.approx(0.4, abs=0.051)


def test_a_spent_budget_answers_unavailable_rather_than_hold_a_thread_long(clock):
    budget = CallBudget(MemoryCounters(clock), calls_per_second=1, clock=clock)
    budget.spend(Deadline.after(8))
    with pytest.raises(Unavailable):
        budget.spend(Deadline.after(0.3))
    assert sum(clock.slept) < 0.3, "never waits past the lookup's deadline"
