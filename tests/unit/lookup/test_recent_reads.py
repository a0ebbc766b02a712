from portal.lookup.reader import RecentReads
from portal.store.envelope import Stored
from tests.support.clock import FakeClock

ENTRY = Stored(value="an order", written_at=0.0)


def test_a_read_is_trusted_for_a_second_then_asked_again():
    clock = FakeClock()
    recent = RecentReads(clock)
    recent.put("order:a", ENTRY, generation=0)
    assert recent.get("order:a", generation=0) is ENTRY
    clock.advance(RecentReads.RECENT_SECONDS)
    assert recent.get("order:a", generation=0) is None


def test_a_drop_in_this_process_makes_every_read_out_of_date_at_once():
    recent = RecentReads(FakeClock())
    recent.put("order:a", ENTRY, generation=0)
    assert recent.get("order:a", generation=1) is None


def test_only_the_most_recently_read_entries_are_kept():
    recent = RecentReads(FakeClock())
    for n in range(RecentReads.MAX_ENTRIES + 1):
        recent.put(f"order:{n}", ENTRY, generation=0)
    assert recent.get("order:0", generation=0) is None
    assert recent.get(f"order:{RecentReads.MAX_ENTRIES}", generation=0) is ENTRY
