"""The fake Shopify Admin API over real HTTP: data, search, errors, costs and failure switches."""

import threading
import time
from datetime import UTC, datetime

import pytest
import redis
import requests
from graphql import parse

from portal.demo import FakeShopify, sample_store
from portal.demo.cost import query_cost
from portal.demo.schema import load_schema, validate_query
from portal.shopify import queries
from tests.support.redis_process import RedisProcess, RedisUnavailable

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOKEN = "test-token"
SHOP_NAME_QUERY = "query Tiny { shop { name } }"
ORDER_NAMES_QUERY = """
query Names($search: String, $first: Int!) {
  orders(first: $first, query: $search) { nodes { name } }
}
"""
PAGED_LINES_QUERY = """
query Lines($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: 10, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } }
  }
}
"""
WEBHOOK_CREATE = """
mutation Subscribe($uri: String!) {
  webhookSubscriptionCreate(topic: ORDERS_UPDATED,
                            webhookSubscription: {uri: $uri, format: JSON}) {
    webhookSubscription {
      id topic uri format
      endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }
    }
    userErrors { field message }
  }
}
"""
WEBHOOK_LIST = "query Hooks { webhookSubscriptions(first: 10) { nodes { id topic uri } } }"


@pytest.fixture
def store():
    return sample_store(now=NOW)


@pytest.fixture
def fake(store):
    with FakeShopify(store, access_token=TOKEN) as server:
        yield server


def post(server, query, variables=None, token=TOKEN, **kwargs):
    headers = {"X-Shopify-Access-Token": token} if token else {}
    body = {"query": query, "variables": variables or {}}
    return requests.post(server.url, json=body, headers=headers, timeout=10, **kwargs)


def gid(store, name):
    return store.find(name)["id"]


def order_data(server, store, name):
    response = post(server, queries.ORDER_QUERY, {"id": gid(store, name)})
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    return body["data"]["order"]


# --- the portal's own queries -------------------------------------------------------------

def test_every_sample_order_answers_the_order_query_completely(store):
    with FakeShopify(store, access_token=TOKEN, restore_rate=1_000_000) as server:
        for order in store.orders():
            data = order_data(server, store, order["name"])
            assert data["id"] == order["id"] and data["name"] == order["name"]
            assert data["totalPriceSet"]["presentmentMoney"]["currencyCode"] == \
                order["presentmentCurrencyCode"]
            assert data["lineItems"]["nodes"], order["name"]
            for line in data["lineItems"]["nodes"]:
                assert line["image"]["url"].startswith(server.base_url + "/images/")
                assert line["image"]["width"] == line["image"]["height"] == 800
            assert len(data["fulfillments"]) == len(order["fulfillments"])
        assert not server.invalid_calls()


def test_the_other_portal_queries_return_data(fake, store):
    shop = post(fake, queries.SHOP_QUERY).json()["data"]["shop"]
    assert shop["orderNumberFormatPrefix"] == "#" and shop["ianaTimezone"]
    candidates = post(fake, queries.CANDIDATES_QUERY, {"search": 'name:"#1002"'}).json()
    assert [node["name"] for node in candidates["data"]["orders"]["nodes"]] == ["#1002"]
    lines = post(fake, queries.LINE_ITEMS_QUERY, {"id": gid(store, "#1002")}).json()
    assert len(lines["data"]["order"]["lineItems"]["nodes"]) == 3
    status = post(fake, queries.STATUS_PAGE_QUERY, {"id": gid(store, "#1002")}).json()
    assert status["data"]["order"]["email"] == "hanako.yamada@example.com"
    assert not fake.invalid_calls()


def test_order_shape_matches_what_the_portal_reads(fake, store):
    jp = order_data(fake, store, "#1002")
    assert jp["totalPriceSet"]["presentmentMoney"]["currencyCode"] == "JPY"
    assert jp["shippingAddress"]["countryCodeV2"] == "JP"
    assert [f["displayStatus"] for f in jp["fulfillments"]] == ["DELIVERED", "IN_TRANSIT"]
    assert all(t["url"] is None for f in jp["fulfillments"] for t in f["trackingInfo"])
    happened = [e["happenedAt"] for e in jp["fulfillments"][0]["events"]["nodes"]]
    assert happened == sorted(happened, reverse=True) and len(happened) == 4
    assert jp["fulfillments"][0]["deliveredAt"]
    pickup = order_data(fake, store, "#1019")
    method = pickup["fulfillmentOrders"]["nodes"][0]
    assert method["deliveryMethod"]["methodType"] == "PICK_UP"
    assert method["assignedLocation"]["address1"] and pickup["shippingAddress"] is None
    held = order_data(fake, store, "#1011")["fulfillmentOrders"]["nodes"][0]
    assert held["fulfillmentHolds"] == [{"reason": "AWAITING_PAYMENT"}]
    promised = order_data(fake, store, "#1003")["fulfillmentOrders"]["nodes"][0]
    assert promised["deliveryMethod"]["minDeliveryDateTime"] < \
        promised["deliveryMethod"]["maxDeliveryDateTime"]
    assert order_data(fake, store, "#1009")["fulfillments"][0]["estimatedDeliveryAt"]
    assert order_data(fake, store, "#1018")["fulfillmentOrders"]["nodes"][0]["fulfillAt"]


def test_cancelled_fulfillment_orders_are_not_displayable(fake, store):
    assert order_data(fake, store, "#1014")["fulfillmentOrders"]["nodes"] == []


def test_an_order_changed_between_lookups_is_read_fresh(fake, store):
    assert order_data(fake, store, "#10011")["displayFulfillmentStatus"] == "UNFULFILLED"
    store.update(gid(store, "#10011"), displayFulfillmentStatus="FULFILLED")
    assert order_data(fake, store, "#10011")["displayFulfillmentStatus"] == "FULFILLED"
    store.remove(gid(store, "#10011"))
    response = post(fake, queries.ORDER_QUERY, {"id": "gid://shopify/Order/5500000010011"})
    assert response.json()["data"]["order"] is None


def test_a_malformed_order_id_is_an_error(fake):
    body = post(fake, queries.STATUS_PAGE_QUERY, {"id": "1001"}).json()
    assert body["data"]["order"] is None and "Invalid global id" in body["errors"][0]["message"]


# --- search ---------------------------------------------------------------------------------

def names_for(server, search, first=50):
    body = post(server, ORDER_NAMES_QUERY, {"search": search, "first": first}).json()
    return [node["name"] for node in body["data"]["orders"]["nodes"]]


def test_search_is_fuzzy_like_shopify(fake, store):
    assert sorted(names_for(fake, "name:1001")) == ["#1001", "#10011"]
    assert sorted(names_for(fake, 'name:"#1001"')) == ["#1001", "#10011"]
    assert len(names_for(fake, "foo:bar")) == len(store.orders())
    assert names_for(fake, 'email:"ALICE.MARTIN@example.com"') == ["#1001"]


def test_candidates_are_capped_and_newest_first(fake, store):
    nodes = post(fake, queries.CANDIDATES_QUERY, {"search": "foo:bar"}).json()
    found = [store.find(node["name"])["processedAt"] for node in nodes["data"]["orders"]["nodes"]]
    assert len(found) == 10 and found == sorted(found, reverse=True)
    assert found[0] == max(order["processedAt"] for order in store.orders())


# --- paging, status links, webhooks -----------------------------------------------------------

def test_line_items_page_with_real_cursors(fake, store):
    seen, after, pages = [], None, 0
    while True:
        body = post(fake, PAGED_LINES_QUERY, {"id": gid(store, "#1024"), "after": after}).json()
        connection = body["data"]["order"]["lineItems"]
        seen += [node["id"] for node in connection["nodes"]]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert pages == 3 and len(seen) == len(set(seen)) == 30


def test_the_portals_line_item_query_pages_a_long_order(fake, store):
    first = post(fake, queries.LINE_ITEMS_QUERY, {"id": gid(store, "#1029")}).json()
    page = first["data"]["order"]["lineItems"]
    assert len(page["nodes"]) == 50 and page["pageInfo"]["hasNextPage"]
    rest = post(fake, queries.LINE_ITEMS_QUERY,
                {"id": gid(store, "#1029"), "after": page["pageInfo"]["endCursor"]}).json()
    page = rest["data"]["order"]["lineItems"]
    assert len(page["nodes"]) == 10 and not page["pageInfo"]["hasNextPage"]


def test_status_page_url_is_new_on_every_call_and_opens_a_page(fake, store):
    variables = {"id": gid(store, "#1001")}
    urls = [post(fake, queries.STATUS_PAGE_QUERY, variables).json()
            ["data"]["order"]["statusPageUrl"] for _ in range(2)]
    assert urls[0] != urls[1] and urls[0].startswith(fake.base_url + "/status/")
    page = requests.get(urls[0], timeout=5)
    assert page.status_code == 200 and "#1001" in page.text
    assert [requests.get(urls[1], timeout=5).status_code for _ in range(6)] == [200] * 5 + [403]
    assert requests.get(urls[0].split("?")[0] + "?key=nope", timeout=5).status_code == 403


def test_placeholder_images_are_served(fake):
    image = requests.get(fake.base_url + "/images/3.svg", timeout=5)
    assert image.status_code == 200 and image.headers["Content-Type"].startswith("image/svg+xml")
    assert image.text.startswith("<svg")


def test_webhook_subscriptions_are_created_once(fake):
    assert validate_query(WEBHOOK_CREATE) == [] and validate_query(WEBHOOK_LIST) == []
    uri = "https://portal.example.com/webhooks/orders"
    created = post(fake, WEBHOOK_CREATE, {"uri": uri}).json()["data"]
    result = created["webhookSubscriptionCreate"]
    assert result["userErrors"] == []
    assert result["webhookSubscription"]["topic"] == "ORDERS_UPDATED"
    assert result["webhookSubscription"]["endpoint"]["callbackUrl"] == uri
    again = post(fake, WEBHOOK_CREATE, {"uri": uri}).json()["data"]["webhookSubscriptionCreate"]
    assert again["webhookSubscription"] is None and "already been taken" in \
        again["userErrors"][0]["message"]
    listed = post(fake, WEBHOOK_LIST).json()["data"]["webhookSubscriptions"]["nodes"]
    assert [(hook["topic"], hook["uri"]) for hook in listed] == [("ORDERS_UPDATED", uri)]
    assert fake.calls("Subscribe")[0].requested_cost == 10


# --- refusals: token, invalid queries, cost -------------------------------------------------

@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_a_missing_or_wrong_token_gets_shopifys_401(fake, token):
    response = post(fake, queries.SHOP_QUERY, token=token)
    assert response.status_code == 401
    assert response.json() == {"errors": "[API] Invalid API key or access token "
                                         "(unrecognized login or wrong password)"}


def test_an_invalid_query_is_answered_like_shopify_and_recorded(fake):
    response = post(fake, "query Broken { shop { name noSuchField } }")
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert "noSuchField" in error["message"]
    assert error["locations"] == [{"line": 1, "column": 28}]
    assert error["extensions"]["code"] == "undefinedField"
    assert [call.operation for call in fake.invalid_calls()] == ["Broken"]


def test_syntax_errors_and_bad_variables_are_invalid_too(fake):
    assert post(fake, "query { shop {").json()["errors"][0]["extensions"]["code"] == \
        "parseError"
    missing = post(fake, queries.STATUS_PAGE_QUERY, {}).json()
    assert "$id" in missing["errors"][0]["message"] and "data" not in missing
    assert len(fake.invalid_calls()) == 2


def test_a_body_without_a_query_is_a_400(fake):
    response = requests.post(fake.url, data=b"not json", timeout=5,
                             headers={"X-Shopify-Access-Token": TOKEN})
    assert response.status_code == 400 and "query" in response.json()["errors"]


def test_only_post_to_the_configured_version_is_served(fake):
    assert requests.get(fake.url, timeout=5).status_code == 405
    other = fake.url.replace("2026-07", "2024-01")
    assert requests.post(other, json={"query": SHOP_NAME_QUERY}, timeout=5).status_code == 404


def test_every_answer_carries_the_cost_extension(fake, store):
    body = post(fake, queries.ORDER_QUERY, {"id": gid(store, "#1001")}).json()
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == query_cost(load_schema(), parse(queries.ORDER_QUERY))
    assert 0 < cost["actualQueryCost"] < cost["requestedQueryCost"]
    assert cost["throttleStatus"]["maximumAvailable"] == 2000.0
    assert cost["throttleStatus"]["restoreRate"] == 100.0
    # The unused part of the requested cost is refunded.
    assert cost["throttleStatus"]["currentlyAvailable"] >= 2000 - cost["actualQueryCost"] - 1
    call = fake.calls("PortalOrder")[-1]
    assert (call.requested_cost, call.actual_cost) == (cost["requestedQueryCost"],
                                                       cost["actualQueryCost"])


def test_a_too_expensive_query_is_refused(fake):
    query = "{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }"
    error = post(fake, query).json()["errors"][0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["cost"] > 1000 and error["extensions"]["maxCost"] == 1000


def test_an_empty_bucket_throttles(store):
    with FakeShopify(store, access_token=TOKEN, maximum_available=800, restore_rate=1) as server:
        assert "data" in post(server, queries.ORDER_QUERY, {"id": gid(store, "#1029")}).json()
        body = post(server, queries.ORDER_QUERY, {"id": gid(store, "#1029")}).json()
        assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
        requested = query_cost(load_schema(), parse(queries.ORDER_QUERY))
        assert body["extensions"]["cost"]["requestedQueryCost"] == requested
        assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] < requested
        assert server.calls("PortalOrder")[-1].actual_cost is None, "a throttled call costs nothing"
        server.bucket.set_available(0)
        cheap = post(server, SHOP_NAME_QUERY).json()
        assert cheap["errors"][0]["extensions"]["code"] == "THROTTLED"
        server.bucket.set_available(1000)
        assert post(server, SHOP_NAME_QUERY).json()["data"]["shop"]["name"]


# --- failure switches ---------------------------------------------------------------------------

def test_server_errors_fail_the_next_requests_then_stop(fake):
    fake.fail("server_error", times=2)
    fake.fail("server_error", status=502)
    fake.fail("server_error", status=503)
    first, second = post(fake, SHOP_NAME_QUERY), post(fake, SHOP_NAME_QUERY)
    assert first.status_code == second.status_code == 500
    assert first.json() == {"errors": "Internal Server Error"}
    bad_gateway = post(fake, SHOP_NAME_QUERY)
    assert bad_gateway.status_code == 502 and "text/html" in bad_gateway.headers["Content-Type"]
    assert post(fake, SHOP_NAME_QUERY).status_code == 503
    assert post(fake, SHOP_NAME_QUERY).json()["data"]["shop"]["name"]
    assert [call.fault for call in fake.calls("Tiny")] == ["server_error"] * 4 + [None]


def test_a_switch_without_a_count_lasts_until_cleared(fake):
    fake.fail("unauthorized", times=None)
    assert [post(fake, SHOP_NAME_QUERY).status_code for _ in range(3)] == [401] * 3
    fake.clear_failures()
    assert post(fake, SHOP_NAME_QUERY).status_code == 200


def test_throttled_switches(fake):
    fake.fail("throttled")
    fake.fail("throttled_429", retry_after=3)
    body = post(fake, SHOP_NAME_QUERY).json()
    assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 0
    too_many = post(fake, SHOP_NAME_QUERY)
    assert too_many.status_code == 429 and too_many.headers["Retry-After"] == "3"


def test_malformed_switch_sends_a_body_that_is_not_json(fake):
    fake.fail("malformed")
    response = post(fake, SHOP_NAME_QUERY)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_unknown_switch_is_refused(fake):
    with pytest.raises(ValueError):
        fake.fail("explode")


def test_latency_delays_every_answer(fake):
    fake.latency = 0.3
    started = time.monotonic()
    assert post(fake, SHOP_NAME_QUERY).status_code == 200
    assert time.monotonic() - started >= 0.3


class Background:
    """A request in a thread, so a test can watch it hang."""

    def __init__(self, server, query=SHOP_NAME_QUERY):
        self.response = self.error = None
        self._thread = threading.Thread(target=self._run, args=(server, query), daemon=True)
        self._thread.start()

    def _run(self, server, query):
        try:
            self.response = post(server, query)
        except requests.RequestException as error:
            self.error = error

    def wait(self, timeout):
        self._thread.join(timeout)
        return not self._thread.is_alive()


def test_hang_holds_one_request_while_others_are_served(fake):
    fake.fail("hang")
    hanging = Background(fake)
    assert not hanging.wait(0.3)
    started = time.monotonic()
    assert post(fake, SHOP_NAME_QUERY).status_code == 200
    assert time.monotonic() - started < 1
    fake.release()
    assert hanging.wait(5) and hanging.response.status_code == 200


def test_release_also_frees_a_hang_no_request_has_reached_yet(fake):
    fake.fail("hang")
    fake.release()
    started = time.monotonic()
    assert post(fake, SHOP_NAME_QUERY).status_code == 200
    assert time.monotonic() - started < 1


def test_hang_gives_up_after_its_limit(fake):
    fake.fail("hang", seconds=0.3)
    started = time.monotonic()
    assert post(fake, SHOP_NAME_QUERY).status_code == 200
    assert 0.3 <= time.monotonic() - started < 3


def test_stop_does_not_wait_for_a_hanging_request(store):
    server = FakeShopify(store, access_token=TOKEN).start()
    server.fail("hang")
    hanging = Background(server)
    assert not hanging.wait(0.2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    assert hanging.wait(5)


def test_drip_sends_a_valid_answer_one_byte_at_a_time(fake):
    fake.fail("drip", interval=0.002)
    expected = post(fake, SHOP_NAME_QUERY).content
    fake.fail("drip", interval=0.2)
    started = time.monotonic()
    with post(fake, SHOP_NAME_QUERY, stream=True) as response:
        chunks = [next(response.iter_content(1)) for _ in range(4)]
    assert time.monotonic() - started >= 0.55
    fake.fail("drip", interval=0.002)
    assert chunks == [expected[i:i + 1] for i in range(4)]
    dripped = post(fake, SHOP_NAME_QUERY)
    assert dripped.json()["data"] == {"shop": {"name": "Fjordline Goods (demo)"}}


def test_the_call_log_records_operations_and_can_be_reset(fake, store):
    post(fake, queries.SHOP_QUERY)
    post(fake, queries.STATUS_PAGE_QUERY, {"id": gid(store, "#1001")})
    calls = fake.calls()
    assert [call.operation for call in calls] == ["PortalShop", "PortalStatusPage"]
    assert calls[1].variables == {"id": gid(store, "#1001")} and calls[1].status == 200
    assert len(fake.calls("PortalShop")) == 1
    fake.reset_calls()
    assert fake.calls() == []


# --- RedisProcess ----------------------------------------------------------------------------

def test_redis_process_starts_pauses_resumes_and_restarts():
    with RedisProcess() as server:
        client = redis.Redis.from_url(server.url, socket_timeout=0.3, socket_connect_timeout=0.3)
        try:
            client.set("k", "v")
            server.pause()
            with pytest.raises(redis.TimeoutError):
                client.get("k")
            server.resume()
            assert client.get("k") == b"v"
            port = server.port
            server.restart()
            assert server.port == port and client.get("k") is None
        finally:
            client.close()
    assert server.pid is None


def test_redis_process_names_the_package_when_the_binary_is_missing():
    with pytest.raises(RedisUnavailable, match="apt-get install redis-server"):
        RedisProcess(binary="no-such-redis-server").start()
