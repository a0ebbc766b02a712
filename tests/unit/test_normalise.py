import pytest

from portal.lookup import normalise
from portal.lookup.normalise import OrderRef
from portal.model import OrderQuery
from portal.shopify.search import search_string


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


def test_search_string_quotes_whitelisted_values():
    ref = normalise.order_ref("#1001")
    assert search_string(OrderQuery(ref.core, ref.may_be_confirmation, "jane@example.com"), "#", "") == \
        'name:"#1001" AND email:"jane@example.com"'


def test_search_string_tries_confirmation_numbers_for_codes():
    ref = normalise.order_ref("XPAV284CT")
    assert search_string(OrderQuery(ref.core, ref.may_be_confirmation, "jane@example.com"), "#", "") == \
        '(name:"#XPAV284CT" OR name:"XPAV284CT" OR confirmation_number:"XPAV284CT") ' \
        'AND email:"jane@example.com"'


def test_unusual_email_is_checked_locally_but_left_out_of_the_search():
    ref = normalise.order_ref("1001")
    email = normalise.email('"odd\\"quote"@example.com') or "x!y{z}@example.com"
    assert search_string(OrderQuery(ref.core, ref.may_be_confirmation, email), "#", "") == 'name:"#1001"'


def test_hostile_store_prefix_never_reaches_the_search():
    ref = normalise.order_ref("1001")
    assert search_string(OrderQuery(ref.core, ref.may_be_confirmation, "a@example.com"), '" OR *', "") == \
        'name:"1001" AND email:"a@example.com"'


@pytest.mark.parametrize("name,prefix,suffix,core", [
    ("#1001", "#", "", "1001"), ("#10011", "#", "", "10011"), ("EN1001", "EN", "", "1001"),
    ("1001-A", "", "-A", "1001"), ("CUSTOM-9", "#", "", "CUSTOM-9"),
])
def test_strip_affixes(name, prefix, suffix, core):
    assert normalise.strip_affixes(name, prefix, suffix) == core
