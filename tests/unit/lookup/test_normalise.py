import pytest

from portal.lookup import normalise
from portal.lookup.normalise import OrderRef


@pytest.mark.parametrize("typed", ["1001", "#1001", " #1001 ", "＃１００１", "１００１", "# 1001",
                                   "Order 1001", "no. 1001", "\t1001\n"])
def test_order_number_as_shoppers_type_it(typed):
    assert normalise.order_ref(typed) == OrderRef("1001")


@pytest.mark.parametrize("typed,prefix,suffix", [
    ("EN1001", "EN", ""), ("en1001", "EN", ""), ("1001", "EN", ""),
    ("1001-A", "", "-A"), ("1001-a", "#", "-A"), ("ＥＮ１００１", "EN", ""),
])
def test_store_prefix_and_suffix_are_removed(typed, prefix, suffix):
    assert normalise.order_ref(typed, prefix, suffix) == OrderRef("1001")


def test_confirmation_number_is_uppercased():
    ref = normalise.order_ref(" xpav284ct ")
    assert ref == OrderRef("XPAV284CT")
    assert ref.may_be_confirmation and not ref.is_number


@pytest.mark.parametrize("typed", ["", "   ", "#", '1001"', "1001) OR email:*", "10\x0001",
                                   "1001\u202e", "a" * 41, "name:1001", "1001*", "<script>"])
def test_malformed_order_numbers_are_refused(typed):
    assert normalise.order_ref(typed) is None


@pytest.mark.parametrize("typed,expected", [
    ("Jane@Example.COM", "jane@example.com"), ("  jane@example.com ", "jane@example.com"),
    ("ｊａｎｅ@example.com", "jane@example.com"),
    ("o'brien+shop@example.co.uk", "o'brien+shop@example.co.uk"),
])
def test_email_is_trimmed_and_lowercased(typed, expected):
    assert normalise.email(typed) == expected


@pytest.mark.parametrize("typed", ["", "jane", "jane@", "@example.com", "jane@example", "ja ne@example.com",
                                   "jane@exa_mple.com", "jane@example.com\x00", "a" * 250 + "@example.com"])
def test_malformed_emails_are_refused(typed):
    assert normalise.email(typed) is None


@pytest.mark.parametrize("name,prefix,suffix,core", [
    ("#1001", "#", "", "1001"), ("#10011", "#", "", "10011"), ("EN1001", "EN", "", "1001"),
    ("1001-A", "", "-A", "1001"), ("CUSTOM-9", "#", "", "CUSTOM-9"),
])
def test_strip_affixes(name, prefix, suffix, core):
    assert normalise.strip_affixes(name, prefix, suffix) == core
