"""The fake Shopify's bulk query operations over real HTTP, and the demo's delivery history."""

import json
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests

from portal.demo import FakeShopify, sample_store
from portal.demo.history import ROUTES

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOKEN = "test-token"
RUN = """
mutation Run($query: String!, $group: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $group) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}
"""
POLL = """
query Poll($id: ID!) {
  node(id: $id) {
    ... on BulkOperation {
      id status errorCode objectCount rootObjectCount fileSize url partialDataUrl
    }
  }
}
"""
CURRENT = "query Current { currentBulkOperation { id status } }"
CANCEL = """
mutation Cancel($id: ID!) {
  bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } }
}
"""
ORDERS_WITH_LINES = """
{
  orders {
    edges { node { id name lineItems { edges { node { id quantity } } } } }
  }
}
"""
DELIVERED = """
{
  orders(query: "fulfillment_status:shipped") {
    edges {
      node {
        id name processedAt shippingAddress { countryCodeV2 provinceCode zip }
        fulfillments { createdAt inTransitAt deliveredAt trackingInfo { company } }
      }
    }
  }
}
"""


@pytest.fixture
def store():
    return sample_store(now=NOW, history=True)


@pytest.fixture
def fake(store):
    with FakeShopify(store, access_token=TOKEN, restore_rate=1_000_000) as server:
        server.bulk.seconds = 0.3
        yield server
        assert not server.invalid_calls()


def graphql(server, query, variables=None):
    response = requests.post(server.url, json={"query": query, "variables": variables or {}},
                             headers={"X-Shopify-Access-Token": TOKEN}, timeout=5)
    response.raise_for_status()
    return response.json()["data"]


def start(server, query, group=False):
    payload = graphql(server, RUN, {"query": query, "group": group})["bulkOperationRunQuery"]
    return payload["bulkOperation"], payload["userErrors"]


def wait(server, gid, timeout=5.0):
    """Poll until the operation ends; return every state seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen.append(graphql(server, POLL, {"id": gid})["node"])
        if seen[-1]["status"] not in ("CREATED", "RUNNING", "CANCELING"):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"operation still {seen[-1]['status']}")


def jsonl(url):
    return [json.loads(line) for line in requests.get(url, timeout=5).text.splitlines()]


def test_a_bulk_query_runs_and_its_jsonl_puts_children_after_their_parent(fake, store):
    operation, errors = start(fake, ORDERS_WITH_LINES)
    assert errors == [] and operation["status"] == "CREATED"
    seen = wait(fake, operation["id"])
    assert "RUNNING" in [state["status"] for state in seen]
    done = seen[-1]
    assert done["status"] == "COMPLETED" and done["errorCode"] is None
    lines = jsonl(done["url"])
    orders = [line for line in lines if "__parentId" not in line]
    children = [line for line in lines if "__parentId" in line]
    assert len(orders) == len(store.orders()) == int(done["rootObjectCount"])
    assert len(lines) == int(done["objectCount"])
    assert len(children) == sum(len(order["lineItems"]) for order in store.orders())
    position = {line["id"]: index for index, line in enumerate(lines)}
    assert all(position[child["__parentId"]] < position[child["id"]] for child in children)
    assert all("lineItems" not in order for order in orders)
    counts = [int(state["objectCount"]) for state in seen]
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_grouped_objects_follow_their_parent_directly(fake, store):
    grouped = jsonl(wait(fake, start(fake, ORDERS_WITH_LINES, group=True)[0]["id"])[-1]["url"])
    family = None
    for line in grouped:
        family = line["id"] if "__parentId" not in line else family
        assert line.get("__parentId", family) == family
    ungrouped = jsonl(wait(fake, start(fake, ORDERS_WITH_LINES)[0]["id"])[-1]["url"])
    kinds = ["__parentId" in line for line in ungrouped]
    assert kinds == sorted(kinds), "without grouping, children may all come at the end"
    assert sorted(map(str, grouped)) == sorted(map(str, ungrouped))


def test_list_fields_stay_inside_their_object(fake, store):
    operation, _ = start(fake, DELIVERED)
    lines = jsonl(wait(fake, operation["id"])[-1]["url"])
    companies = Counter(tracking["company"] for line in lines if line["name"] >= "#3001"
                        for shipment in line["fulfillments"] for tracking in shipment["trackingInfo"])
    assert companies["Bring"] == sum(route.count for route in ROUTES if route.company == "Bring")
    assert all("__parentId" not in line for line in lines)


def test_current_bulk_operation_is_the_latest(fake):
    assert graphql(fake, CURRENT)["currentBulkOperation"] is None
    first, _ = start(fake, ORDERS_WITH_LINES)
    wait(fake, first["id"])
    second, _ = start(fake, DELIVERED)
    assert graphql(fake, CURRENT)["currentBulkOperation"]["id"] == second["id"] != first["id"]


@pytest.mark.parametrize(("query", "message"), [
    ("{ shop { name } }", "at least one connection"),
    ("{ orders { edges { node { fulfillments { events { edges { node { id } } } } } } } }",
     "connection field within a list field"),
    ("{ orders { edges { node { nope } } } }", "Cannot query field 'nope'"),
    ("{ node(id: \"gid://shopify/Order/1\") { id } }", "node and nodes"),
])
def test_queries_shopify_would_refuse_come_back_as_user_errors(fake, query, message):
    operation, errors = start(fake, query)
    assert operation is None
    assert errors[0]["code"] == "INVALID" and errors[0]["field"] == ["query"]
    assert message in errors[0]["message"]


def test_one_at_a_time_as_before_2026_01(fake):
    fake.bulk.limit = 1
    fake.bulk.hold()
    running, _ = start(fake, ORDERS_WITH_LINES)
    refused, errors = start(fake, DELIVERED)
    assert refused is None and errors == [{
        "field": None, "code": "OPERATION_IN_PROGRESS",
        "message": "A bulk query operation for this app and shop is already in progress: "
                   f"{running['id']}."}]
    fake.bulk.release()
    wait(fake, running["id"])
    assert start(fake, DELIVERED)[1] == []


def test_five_at_a_time_from_2026_01(fake):
    fake.bulk.hold()
    for _ in range(5):
        assert start(fake, ORDERS_WITH_LINES)[1] == []
    assert start(fake, ORDERS_WITH_LINES)[1][0]["code"] == "LIMIT_REACHED"


def test_a_failed_operation_has_an_error_code_and_partial_data(fake):
    fake.bulk.fail_next("TIMEOUT")
    operation, _ = start(fake, ORDERS_WITH_LINES)
    failed = wait(fake, operation["id"])[-1]
    assert failed["status"] == "FAILED" and failed["errorCode"] == "TIMEOUT"
    assert failed["url"] is None and failed["fileSize"] is None
    partial = jsonl(failed["partialDataUrl"])
    assert 0 < len(partial) == int(failed["objectCount"])
    again, _ = start(fake, ORDERS_WITH_LINES)
    assert wait(fake, again["id"])[-1]["status"] == "COMPLETED"


def test_a_running_operation_can_be_canceled(fake):
    fake.bulk.hold()
    operation, _ = start(fake, ORDERS_WITH_LINES)
    payload = graphql(fake, CANCEL, {"id": operation["id"]})["bulkOperationCancel"]
    assert payload["userErrors"] == [] and wait(fake, operation["id"])[-1]["status"] == "CANCELED"
    again = graphql(fake, CANCEL, {"id": operation["id"]})["bulkOperationCancel"]
    assert "canceled" in again["userErrors"][0]["message"]


def test_result_files_need_their_unguessable_name(fake):
    operation, _ = start(fake, ORDERS_WITH_LINES)
    url = wait(fake, operation["id"])[-1]["url"]
    assert requests.get(url, timeout=5).status_code == 200
    assert requests.get(url.replace(url.rsplit("/", 1)[1], "guess.jsonl"),
                        timeout=5).status_code == 404


# --- the demo store's delivery history -------------------------------------------------------

def test_history_is_the_same_for_the_same_day():
    first = sample_store(now=NOW, history=True).orders()
    assert first == sample_store(now=NOW, history=True).orders()
    assert len(first) == len(sample_store(now=NOW).orders()) + sum(r.count for r in ROUTES) > 450


def test_history_covers_each_route_with_its_real_area_codes(store):
    history = [order for order in store.orders() if order["name"] >= "#3001"]
    routes = Counter((order["fulfillments"][0]["trackingInfo"][0]["company"],
                      order["shippingAddress"]["provinceCode"] or
                      order["shippingAddress"]["zip"][:2]) for order in history)
    assert routes[("Yamato (JA)", "JP-03")] == 24  # Iwate
    assert routes[("Bring", "50")] == 24  # Bergen's postcodes start 50
    assert routes[("Correos", "PM")] == 9  # Illes Balears
    assert {order["shippingAddress"]["countryCodeV2"] for order in history} == {"JP", "NO", "ES"}


def test_history_orders_are_delivered_in_order_and_open_to_no_lookup(store):
    history = [order for order in store.orders() if order["name"] >= "#3001"]
    for order in history:
        shipment = order["fulfillments"][0]
        assert order["processedAt"] <= shipment["createdAt"] < shipment["inTransitAt"]
        assert shipment["inTransitAt"] < shipment["deliveredAt"] < NOW.isoformat()
        assert shipment["displayStatus"] == "DELIVERED"
        assert order["email"] is None and order["customer"] is None
    transit = {(datetime.fromisoformat(o["fulfillments"][0]["deliveredAt"])
                - datetime.fromisoformat(o["fulfillments"][0]["inTransitAt"])).days
               for o in history}
    assert len(transit) >= 4, "deliveries should spread over several days"
