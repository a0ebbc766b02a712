"""Thousands of generated submissions: never a 5xx, and never a Shopify search that escaped its
quotes or gained a filter."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.helpers import csrf_token

FRAGMENTS = ['"', "'", "\\", ")", "(", " OR ", " AND ", "name:", "email:*", "*", "-", ":", "#",
             "＃", "１００１", "\x00", "\u202e", "\r\n", "1001", "@", "test:true", "%", "{{", "}}",
             "<script>", "' OR 1=1 --", "confirmation_number:", "\t", " " * 50]

hostile = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
    st.builds(lambda a, b: a + b, st.sampled_from(["1001", "#1001", "XPAV284CT", "1002"]),
              st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join)),
    st.just(""), st.just("x" * 5000),
)
emails = st.one_of(hostile, st.emails().map(str),
                   st.builds(lambda a, b: a + "@example.com" + b, hostile, hostile))

# The only shapes of search string the portal may ever send.
VALUE = r'"[A-Z0-9#._-]+"'
SAFE_SEARCH = re.compile(
    rf'^(name:{VALUE}|\(name:{VALUE}( OR name:{VALUE})?( OR confirmation_number:{VALUE})?\))'
    r'''( AND email:"[a-z0-9._%+'-]+@[a-z0-9.-]+")?$''')


def test_generated_submissions_never_break_the_portal_or_the_search(make_app, shopify):
    app = make_app(RATE_LIMIT_PER_IP="100000 per minute", RATE_LIMIT_FAILED_PER_ORDER="100000 per hour",
                   RATE_LIMIT_FAILED_PER_EMAIL="100000 per hour", SHOPIFY_MAX_CALLS_PER_SECOND=10000,
                   NOT_FOUND_MIN_MS=0, NOT_FOUND_CACHE_TTL=1)
    shopify.bucket.restore_rate = 100000.0
    client = app.test_client()
    token = csrf_token(client)
    statuses = set()

    @settings(max_examples=2000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(order_number=hostile, email=emails)
    def submit_anything(order_number, email):
        response = client.post("/", data={"csrf_token": token, "order_number": order_number,
                                          "email": email})
        statuses.add(response.status_code)
        assert response.status_code < 500, (order_number, email)

    submit_anything()
    searches = [call.variables["search"] for call in shopify.calls("PortalCandidates")]
    assert searches, "some generated submissions were well-formed enough to search"
    for search in searches:
        assert SAFE_SEARCH.match(search), search
    assert statuses <= {303, 400, 404, 413}
