from portal.lookup import normalise
from portal.model import OrderQuery
from portal.shopify.search import search_string


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
