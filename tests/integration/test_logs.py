"""What an operator reads: under the Procfile's gunicorn, the portal's events reach stderr as
key=value lines, one per event, each with the id of its request, which the access log names too."""

import base64
import hashlib
import hmac
import json
import re
import time
import uuid
from datetime import UTC, datetime

import pytest
import requests

from portal import create_app
from tests.support.gunicorn_process import GunicornProcess
from tests.support.helpers import gunicorn_settings, post_lookup
from tests.support.redis_process import RedisProcess
from tests.support.shopify_proxy import ShopifyAppProxy

SECRET = "test-api-secret"
ORDER_ID = 5_500_000_001_001  # order #1001 of the demo store


@pytest.fixture
def gunicorn(shopify, redis_url, redis_db):
    with GunicornProcess(gunicorn_settings(shopify, redis_url)) as server:
        yield server


def deliver_webhook(base_url: str) -> requests.Response:
    body = json.dumps({"id": ORDER_ID, "admin_graphql_api_id": f"gid://shopify/Order/{ORDER_ID}",
                       "name": "#1001"}).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    headers = {"X-Shopify-Topic": "orders/updated", "X-Shopify-Shop-Domain": "demo-store.myshopify.com",
               "X-Shopify-Hmac-Sha256": signature, "X-Shopify-Webhook-Id": str(uuid.uuid4()),
               "X-Shopify-Event-Id": str(uuid.uuid4()), "Content-Type": "application/json",
               "X-Shopify-Triggered-At": datetime.now(UTC).isoformat()}
    return requests.post(base_url + "/webhooks/shopify", data=body, headers=headers, timeout=10)


def lines_with(text: str, request_id: str) -> list[str]:
    return [line for line in text.splitlines() if f"request_id={request_id}" in line]


def wait_for(gunicorn: GunicornProcess, request_ids: list[str], *, in_stderr: bool = True
             ) -> tuple[str, str]:
    """gunicorn's (stdout, stderr) once they name every request, or after five seconds: the
    access line is written after the response is sent."""
    give_up = time.monotonic() + 5
    while True:
        output = gunicorn.output()
        texts = output if in_stderr else output[:1]
        if all(rid in text for rid in request_ids for text in texts) or time.monotonic() > give_up:
            return output
        time.sleep(0.1)


def test_lookup_and_webhook_outcomes_reach_stderr_with_the_request_id(gunicorn):
    found = post_lookup(gunicorn.url, "1001", "alice.martin@example.com")
    missing = post_lookup(gunicorn.url, "1001", "mallory@example.com")
    webhook = deliver_webhook(gunicorn.url)
    assert (found.status_code, missing.status_code, webhook.status_code) == (303, 404, 200)
    ids = [response.headers["X-Request-Id"] for response in (found, missing, webhook)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids), ids
    access, events = wait_for(gunicorn, ids)

    expected = {ids[0]: "lookup outcome=found order=#1001 client=",
                ids[1]: "lookup outcome=not_found order=- client=",
                ids[2]: "webhook topic=orders/updated outcome="}
    for request_id, event in expected.items():
        lines = lines_with(events, request_id)
        assert len(lines) == 1, f"one line per event: {lines}\n{events}"
        assert re.fullmatch(rf"time=\S+ level=INFO logger=portal[.\w]+ request_id={request_id} "
                            rf"{re.escape(event)}\S*( \S+=\S+)*", lines[0]), lines[0]
        assert len(lines_with(access, request_id)) == 1, access
    assert "alice" not in events and "mallory" not in events


def test_a_redis_outage_is_written_once_when_it_starts_and_once_when_it_ends(shopify):
    with RedisProcess() as redis_server, \
            GunicornProcess(gunicorn_settings(shopify, redis_server.url, WEB_CONCURRENCY="1")) as server:
        redis_server.stop()
        during = [requests.get(server.url + "/healthz", timeout=5) for _ in range(3)]
        assert [r.json()["redis"] for r in during] == [False] * 3
        redis_server.start()
        after = requests.get(server.url + "/healthz", timeout=5)
        assert after.json()["redis"] is True
        _, events = wait_for(server, [during[0].headers["X-Request-Id"],
                                      after.headers["X-Request-Id"]])
    outage = [line for line in events.splitlines() if "event=outage backend=redis use=cache" in line]
    assert len(outage) == 2, events
    assert re.search(rf"level=WARNING logger=portal\.store\.cache request_id="
                     rf"{during[0].headers['X-Request-Id']} event=outage .* state=down ", outage[0])
    assert outage[1].endswith(f"request_id={after.headers['X-Request-Id']} "
                              f"event=outage backend=redis use=cache state=up")


def test_the_access_log_is_key_value_and_names_the_request(gunicorn):
    response = requests.get(gunicorn.url + "/healthz", timeout=5)
    request_id = response.headers["X-Request-Id"]
    access, _ = wait_for(gunicorn, [request_id], in_stderr=False)
    [line] = lines_with(access, request_id)
    assert re.fullmatch(rf'client=127\.0\.0\.1 request="GET /healthz HTTP/1\.1" status=200 '
                        rf'bytes=\d+ seconds=\d+\.\d+ request_id={request_id}', line), line


def test_only_a_trusted_proxy_names_the_request(make_app):
    sent = {"X-Request-Id": "0123456789abcdef-nginx"}
    behind_proxy = make_app(TRUSTED_PROXIES=1).test_client()
    assert behind_proxy.get("/healthz", headers=sent).headers["X-Request-Id"] == sent["X-Request-Id"]
    forged = behind_proxy.get("/healthz", headers={"X-Request-Id": "x level=ERROR request_id=y"})
    direct = make_app().test_client().get("/healthz", headers=sent)
    for response in (forged, direct):
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def every_route(app, token: str) -> list[tuple[str, str]]:
    """(method, path) for every rule of the app, each argument filled in; any argument that is
    not a number or a file path gets the order token, so a new route is covered as it is added."""
    def fill(match: re.Match[str]) -> str:
        return {"int": "1", "path": "css/portal.css"}.get(match.group(1) or "", token)
    return [(method, _ARGUMENT.sub(fill, rule.rule)) for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def signed_query(customer_id: str) -> tuple[str, dict[str, str]]:
    params = [("lang", "en"), ("shop", "demo-store.myshopify.com"),
              ("logged_in_customer_id", customer_id), ("path_prefix", "/apps/track"),
              ("timestamp", str(int(time.time())))]
    params.append(("signature", ShopifyAppProxy(None, SECRET).signature(params)))
    return "&".join(f"{key}={value}" for key, value in params), dict(params)


def test_no_route_writes_a_token_or_a_proxy_signature_to_the_logs(gunicorn, settings):
    found = post_lookup(gunicorn.url, "1001", "alice.martin@example.com")
    token = found.headers["Location"].split("/order/")[1].split("?")[0]
    query, signed = signed_query(customer_id="7301234567890")
    routes = every_route(create_app(settings), token)
    assert ("GET", f"/order/{token}") in routes
    request_ids = []
    for method, path in routes:
        for url in (f"{gunicorn.url}{path}?{query}", f"{gunicorn.url}/proxy{path}?{query}"):
            response = requests.request(method, url, timeout=10, allow_redirects=False)
            assert response.status_code < 500, (method, url)
            request_ids.append(response.headers["X-Request-Id"])
    access, events = wait_for(gunicorn, request_ids, in_stderr=False)
    assert all(f"request_id={rid}" in access for rid in request_ids), "a line per request"
    for secret in (token, signed["signature"], signed["timestamp"], signed["logged_in_customer_id"]):
        assert secret not in access and secret not in events
