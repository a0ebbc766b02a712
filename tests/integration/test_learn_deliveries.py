"""`flask learn-deliveries` end to end: one bulk query to the fake Shopify over HTTP, the JSONL
read line by line, percentiles into real Redis; and what a failed or concurrent run leaves."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import requests

from portal.demo import sample_store
from portal.store.envelope import VERSION
from portal.store.learned import KEY, TTL
from tests.support.helpers import ROOT

RUN = """
mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) {
    bulkOperation { id } userErrors { message }
  }
}
"""
CANCEL = "mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }"
ANY_QUERY = "{ orders { edges { node { id } } } }"


@pytest.fixture
def history(shopify):
    shopify.store = sample_store(history=True)
    shopify.bulk.seconds = 0.2
    return shopify


@pytest.fixture
def learn(make_app, history):
    app = make_app()

    def run(*args: str):
        return app.test_cli_runner().invoke(args=["learn-deliveries", *args])
    return run


def stored(redis_db) -> dict:
    return json.loads(redis_db.get(KEY))


def other_bulk_query(shopify) -> str:
    """Start a bulk query as another job of the same app would."""
    response = requests.post(shopify.url, json={"query": RUN, "variables": {"query": ANY_QUERY}},
                             headers={"X-Shopify-Access-Token": shopify.access_token}, timeout=5)
    return response.json()["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]


def test_a_run_learns_per_carrier_and_region_and_prints_a_summary(learn, history, redis_db):
    result = learn()
    assert result.exit_code == 0, result.output
    assert "Shopify: completed" in result.output and "read: 502 orders" in result.output
    table = [line.split() for line in result.output.splitlines()]
    assert ["yamato", "JP", "JP-03", "24"] in [row[:4] for row in table]
    assert ["posten_bring", "NO", "postcode", "50", "24"] in [row[:5] for row in table]
    assert ["correos", "ES", "PM", "9"] in [row[:4] for row in table]
    assert "too few, not used" in result.output
    # The shop's own courier in Oslo delivered 12 more there, but carried by no carrier.
    assert ["(any)", "NO", "postcode", "01", "67"] in [row[:5] for row in table]
    assert len(history.calls("LearnDeliveries")) == 1, "one bulk operation per run"
    envelope = stored(redis_db)
    assert envelope["v"] == VERSION and envelope["data"]["days"] == 180
    iwate = next(f for f in envelope["data"]["figures"]
                 if (f["carrier"], f["region"]) == ("yamato", "JP-03"))
    assert iwate["count"] == 24 and 1 <= iwate["transit"][0] <= iwate["transit"][2] <= 3


def test_nothing_about_a_single_order_is_stored(learn, history, redis_db):
    assert learn().exit_code == 0
    keys = redis_db.keys("*")
    assert [key for key in keys if "deliver" in key] == [KEY]
    assert all(redis_db.ttl(key) > 0 for key in keys), "every key has a TTL"
    assert TTL - 60 < redis_db.ttl(KEY) <= TTL
    text = redis_db.get(KEY)
    for order in history.store.orders():
        address = order["shippingAddress"] or {}
        fulfillments = order["fulfillments"]
        personal = [order["id"], order["name"], address.get("zip"), address.get("city"),
                    *(t["number"] for f in fulfillments for t in f["trackingInfo"]),
                    *(f[at] for f in fulfillments for at in ("createdAt", "deliveredAt") if f[at])]
        assert not [value for value in personal if value and value in text], order["name"]
    figures = stored(redis_db)["data"]["figures"]
    assert {key for f in figures for key in f} == {"carrier", "country", "region", "count",
                                                    "handling", "transit"}


def test_a_failed_operation_keeps_the_previous_figures(learn, history, redis_db):
    assert learn().exit_code == 0
    before = redis_db.get(KEY)
    history.bulk.fail_next("TIMEOUT")
    result = learn()
    assert result.exit_code == 1
    assert "ended FAILED (TIMEOUT)" in result.output
    assert "stay in place" in result.output
    assert redis_db.get(KEY) == before


def test_a_file_that_breaks_off_half_way_keeps_the_previous_figures(learn, history, redis_db):
    assert learn().exit_code == 0
    before = redis_db.get(KEY)
    history.bulk.broken_files = True
    result = learn()
    assert result.exit_code == 1 and "not JSON" in result.output
    assert redis_db.get(KEY) == before


def test_another_bulk_query_under_way_starts_none_and_keeps_the_figures(learn, history, redis_db):
    history.bulk.hold()
    other = other_bulk_query(history)
    result = learn()
    assert result.exit_code == 1, result.output
    assert f"Another bulk query of this app is under way (bulk operation {other} is " \
        in result.output
    assert "No figures were stored before" in result.output
    assert history.calls("LearnDeliveries") == [] and redis_db.get(KEY) is None


def test_shopify_refusing_a_concurrent_operation_is_reported_the_same(learn, history, redis_db):
    # The latest operation was cancelled but an older one still runs: only Shopify's own
    # refusal (one at a time, as before API 2026-01) can tell.
    assert learn().exit_code == 0
    before = redis_db.get(KEY)
    history.bulk.hold()
    other_bulk_query(history)
    cancelled = other_bulk_query(history)
    requests.post(history.url, json={"query": CANCEL, "variables": {"id": cancelled}},
                  headers={"X-Shopify-Access-Token": history.access_token}, timeout=5)
    history.bulk.limit = 1
    result = learn()
    assert result.exit_code == 1
    assert "A bulk query operation for this app and shop is already in progress" in result.output
    assert "stay in place" in result.output and redis_db.get(KEY) == before


def test_a_period_without_deliveries_stores_nothing(learn, redis_db):
    assert learn().exit_code == 0
    before = redis_db.get(KEY)
    result = learn("--days", "1")
    assert result.exit_code == 0 and "nothing stored" in result.output
    assert redis_db.get(KEY) == before


def test_export_and_import_keep_and_seed_the_figures(learn, redis_db, tmp_path):
    assert learn("--days", "90").exit_code == 0
    saved = tmp_path / "deliveries.json"
    exported = learn("--export", str(saved))
    assert exported.exit_code == 0, exported.output
    figures = json.loads(saved.read_text())
    assert figures["days"] == 90
    redis_db.flushdb()
    assert learn("--export", str(tmp_path / "none.json")).exit_code == 1
    imported = learn("--import", str(saved))
    assert imported.exit_code == 0 and "Imported" in imported.output
    assert stored(redis_db)["data"] == figures


def test_an_import_that_is_not_an_export_is_refused(learn, redis_db, tmp_path):
    for text in ("not json", "{}", '{"learned_at": "2026-01-01T00:00:00+00:00", "days": 9, '
                                   '"figures": [{"carrier": "ups"}]}'):
        path = tmp_path / "bad.json"
        path.write_text(text)
        result = learn("--import", str(path))
        assert result.exit_code == 1 and "not an export" in result.output, text
    assert redis_db.get(KEY) is None


def test_the_command_runs_from_the_shell_as_documented(settings, history, redis_db):
    env = {**os.environ, **settings, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "learn-deliveries",
                             "--days", "30"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Stored" in result.stdout and stored(redis_db)["data"]["days"] == 30
