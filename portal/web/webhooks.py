"""Shopify webhooks: a verified delivery drops the cached data of the order, customer or shop it
is about, so the next lookup asks Shopify and shows the change at once.

Nothing here calls Shopify: dropping a few Redis keys is all it takes, so Shopify gets its
answer well within its timeout. Log lines name the topic and the outcome, never an email.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from portal.shopify import webhook_payloads as payloads
from portal.shopify.signatures import is_signed
from portal.web.services import services

log = logging.getLogger(__name__)

bp = Blueprint("webhooks", __name__)

_TOPIC = re.compile(r"[a-z_]{1,40}/[a-z_]{1,40}")

# Order payloads carry every line item, refund and shipment: far past the 16 KB the forms allow.
MAX_BODY = 2 * 1024 * 1024
# Shopify retries a failed delivery for 4 hours; a genuine delivery is never older than this.
MAX_DELIVERY_AGE = 6 * 3600
MAX_CLOCK_SKEW = 300


@bp.post("/webhooks/shopify")
def receive() -> Response:
    secret = current_app.config.get("SHOPIFY_API_SECRET")
    if not secret:
        _warn_unconfigured()
        return _answer(401, "-", "unconfigured")
    body = _read_body()
    if body is None:
        return _answer(413, "-", "too_large")
    topic = _header("Topic").lower()
    topic = topic if _TOPIC.fullmatch(topic) else "-"
    if not is_signed(body, _header("Hmac-Sha256"), secret):
        log.warning("webhook topic=%s outcome=bad_signature", topic)
        # An unsigned topic is anyone's word: it never becomes a label.
        return _answer(401, "-", "bad_signature")
    shop = _header("Shop-Domain").lower()
    if shop and shop != current_app.config["SHOPIFY_SHOP"]:
        # Signed with our secret, but for another store that shares the app: none of ours.
        log.warning("webhook topic=%s outcome=other_shop shop=%s", topic, shop[:100])
        return _answer(200, topic, "other_shop")
    payload = _json(body)
    if payload is None or not payloads.fits(topic, payload, current_app.config["SHOPIFY_SHOP"]):
        # The signature covers the body, not the topic: a body signed for one topic and sent
        # under another is refused rather than acted on.
        log.warning("webhook topic=%s outcome=malformed", topic)
        return _answer(400, topic, "malformed")
    if _stale():
        log.warning("webhook topic=%s outcome=stale", topic)
        return _answer(400, topic, "stale")
    return _process(topic, payload)


def _process(topic: str, payload: dict[str, Any]) -> Response:
    index = services().index
    if not index.reachable():
        # Nothing could be dropped: a 503 makes Shopify deliver again later.
        log.warning("webhook topic=%s outcome=redis_unreachable", topic)
        return _answer(503, topic, "redis_unreachable")
    # The webhook id stays the same when Shopify delivers again; the event id is shared by the
    # topics one event reaches, so it identifies a delivery only together with the topic.
    delivery = (_header("Webhook-Id") or _header("Event-Id"))[:100]
    if delivery and not index.first_delivery(f"{topic}:{delivery}"):
        log.info("webhook topic=%s outcome=duplicate", topic)
        return _answer(200, topic, "duplicate")
    handler = handler_for(topic)
    outcome = handler(topic, payload) if handler else "ignored"
    log.info("webhook topic=%s outcome=%s", topic, outcome)
    return _answer(200, topic, "handled" if handler else "ignored")


def handler_for(topic: str) -> Callable[[str, dict[str, Any]], str] | None:
    """Return what to do with a topic's payload, or None when the portal has no use for it."""
    if topic in _PRIVACY:
        return _PRIVACY[topic]
    return _forget_order if payloads.names_orders(topic) else None


def _forget_order(topic: str, payload: dict[str, Any]) -> str:
    gid = payloads.order_gid(topic, payload)
    if gid is None:
        return "no_order_id"
    services().index.forget_order(gid)
    return f"dropped order={gid}"


def _redact_customer(topic: str, payload: dict[str, Any]) -> str:
    redaction = payloads.redaction(payload)
    services().index.forget_customer(redaction.email, redaction.order_ids)
    return f"dropped customer orders={len(redaction.order_ids)}"


def _customer_data_request(topic: str, payload: dict[str, Any]) -> str:
    # The portal stores no customer records: only order copies under keyed hashes, which
    # expire within STALE_ORDER_TTL. What a shopper may ask for lives in Shopify.
    return "nothing_held_beyond_the_order_cache"


def _redact_shop(topic: str, payload: dict[str, Any]) -> str:
    services().index.forget_everything()
    return "dropped everything"


_PRIVACY: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "customers/redact": _redact_customer,
    "customers/data_request": _customer_data_request,
    "shop/redact": _redact_shop,
}


def _header(name: str) -> str:
    """A Shopify header in either spelling: `X-Shopify-Name` (webhooks) or `Shopify-Name`
    (Events deliveries); header names are case-insensitive."""
    return (request.headers.get("X-Shopify-" + name) or request.headers.get("Shopify-" + name)
            or "").strip()


def _stale() -> bool:
    """True when the delivery says it was triggered longer ago than Shopify goes on retrying,
    or in the future: a replay of a captured body, not a delivery."""
    stated = _header("Triggered-At")
    if not stated:
        return False
    try:
        triggered = datetime.fromisoformat(stated)
    except ValueError:
        return True
    if triggered.tzinfo is None:
        return True
    age = time.time() - triggered.timestamp()
    return not -MAX_CLOCK_SKEW <= age <= MAX_DELIVERY_AGE


def _read_body() -> bytes | None:
    """Return the raw body (the signature covers its exact bytes), or None when too large."""
    if (request.content_length or 0) > MAX_BODY:
        return None
    request.max_content_length = MAX_BODY  # for this request only; forms keep their 16 KB
    try:
        return request.get_data(cache=False)
    except RequestEntityTooLarge:
        return None


def _json(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def _warn_unconfigured() -> None:
    state = current_app.extensions.setdefault("webhooks", {})
    if not state.get("warned"):
        state["warned"] = True
        log.warning("webhooks are not configured: set SHOPIFY_API_SECRET to the app's client "
                    "secret; until then every delivery is refused with 401")


def _answer(status: int, topic: str, outcome: str) -> Response:
    """The response to a delivery, counted by topic and outcome; a topic the portal does not
    handle counts as `other`, so unsigned requests cannot invent label values."""
    services().metrics.webhook(topic if handler_for(topic) else "other", outcome)
    return Response(status=status, mimetype="text/plain")
