"""No enumeration: a wrong email, someone else's order and an unknown order are indistinguishable,
by content, headers and timing."""

import logging
import statistics
import time

from tests.support.helpers import csrf_token, submit, without_csrf


def _post(client, token, number, email):
    started = time.perf_counter()
    response = client.post("/", data={"csrf_token": token, "order_number": number, "email": email})
    return response, time.perf_counter() - started


def test_not_found_answers_have_identical_status_headers_and_body(client, shopify, redis_db):
    token = csrf_token(client)
    typed = ("1001", "mallory@example.com")
    order_id = shopify.store.find("#1001")["id"]
    wrong_email, _ = _post(client, token, *typed)
    # Each state is asked of Shopify afresh, not answered from the remembered failure.
    redis_db.flushdb()
    shopify.store.update(order_id, email="someone.else@example.com")
    someone_elses, _ = _post(client, token, *typed)
    redis_db.flushdb()
    shopify.store.remove(order_id)
    unknown, _ = _post(client, token, *typed)
    answers = [wrong_email, someone_elses, unknown]
    assert len(shopify.calls("PortalCandidates")) == 3
    assert {a.status_code for a in answers} == {404}
    # X-Request-Id is new on every response, whatever the order: it names the request in the logs.
    headers = {tuple(sorted((k, v) for k, v in a.headers.items() if k != "X-Request-Id"))
               for a in answers}
    assert len(headers) == 1 and all(a.headers["X-Request-Id"] for a in answers)
    assert len({without_csrf(a.get_data(as_text=True)) for a in answers}) == 1
    assert "couldn't find that order" in unknown.get_data(as_text=True)


def test_a_wrong_email_for_a_cached_order_is_not_faster_than_an_unknown_order(make_app, shopify):
    shopify.latency = 0.02
    client = make_app(RATE_LIMIT_FAILED_PER_ORDER="1000 per hour",
                      RATE_LIMIT_FAILED_PER_EMAIL="1000 per hour", RATE_LIMIT_PER_IP="1000 per minute",
                      SHOPIFY_MAX_CALLS_PER_SECOND=1000, NOT_FOUND_MIN_MS=120).test_client()
    assert submit(client, "1001", "alice.martin@example.com").status_code == 303  # now cached
    token = csrf_token(client)
    cached_wrong, unknown = [], []
    for n in range(25):  # interleaved, so drift in machine load hits both sides alike
        response, seconds = _post(client, token, "1001", f"w{n}@example.com")
        assert response.status_code == 404
        cached_wrong.append(seconds)
        response, seconds = _post(client, token, f"{9000 + n}", f"u{n}@example.com")
        assert response.status_code == 404
        unknown.append(seconds)
    difference = statistics.median(cached_wrong) - statistics.median(unknown)
    assert abs(difference) < 0.03, (statistics.median(cached_wrong), statistics.median(unknown))
    assert statistics.median(cached_wrong) >= 0.12


def test_lookup_logs_hold_no_email(client, shopify, caplog):
    caplog.set_level(logging.INFO)
    submit(client, "1001", "alice.martin@example.com")
    submit(client, "1001", "Mallory.Guess@Example.com")
    text = caplog.text.lower()
    assert "outcome=found order=#1001" in text and "outcome=not_found" in text
    assert "alice" not in text and "mallory" not in text and "@" not in text
