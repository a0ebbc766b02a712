"""The fake's OAuth client credentials grant: `POST /admin/oauth/access_token` issues tokens that
expire, as Shopify does for an app made in the Dev Dashboard.

    shopify.oauth.expires_in = 2      # seconds each new token lives
    shopify.oauth.revoke_all()        # every issued token answers 401 from now on
    shopify.oauth.fail("hang")        # or "server_error" (status=503): the next token request
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from typing import Any

from werkzeug.wrappers import Request as HttpRequest
from werkzeug.wrappers import Response

from portal.demo import responses
from portal.demo.calls import Call, CallLog
from portal.demo.faults import Faults

OPERATION = "oauth/access_token"
SCOPES = ("read_orders,read_all_orders,read_merchant_managed_fulfillment_orders,"
          "read_assigned_fulfillment_orders,read_third_party_fulfillment_orders,"
          "read_fulfillments,read_returns,read_customers")
_FORM = "application/x-www-form-urlencoded"
_KINDS = frozenset({"hang", "server_error"})


class OAuthApp:
    """One app installed on the fake store: its credentials and the tokens issued to it."""

    def __init__(self, client_id: str = "demo-client", client_secret: str = "demo-client-secret",
                 expires_in: int = 86399) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.expires_in = expires_in
        self.faults = Faults()
        self._issued: dict[str, float] = {}  # token -> monotonic time it expires
        self._lock = threading.Lock()

    def fail(self, kind: str, times: int | None = 1, **options: Any) -> None:
        """Fail the next `times` token requests: hang (until released, at most seconds=30) or
        server_error (status=500|502|503|504)."""
        if kind not in _KINDS:
            raise ValueError(f"unknown token failure {kind!r}; choose from {sorted(_KINDS)}")
        self.faults.add(kind, times, **options)

    def accepts(self, token: str | None) -> bool:
        """Return True for a token issued here that has not expired or been revoked."""
        with self._lock:
            expires_at = self._issued.get(token or "")
        return expires_at is not None and time.monotonic() < expires_at

    def revoke_all(self) -> None:
        """Make every token issued so far invalid, as uninstalling the app or rotating its secret does."""
        with self._lock:
            self._issued.clear()

    def handle(self, request: HttpRequest, log: CallLog) -> Response:
        """Answer one token request and record it in `log` under OPERATION."""
        started, clock = time.time(), time.monotonic()
        fault = self.faults.take()
        if fault is not None and fault.kind == "hang":
            self.faults.hang(fault)
        form = request.form if request.mimetype == _FORM else {}
        if fault is not None and fault.kind == "server_error":
            content_type, text = responses.SERVER_ERRORS.get(fault.options.get("status", 500),
                                                             responses.SERVER_ERRORS[500])
            response = Response(text, fault.options.get("status", 500), content_type=content_type)
        else:
            response = self._grant(form)
        log.record(Call(
            operation=OPERATION, status=response.status_code, time=started,
            duration=time.monotonic() - clock, fault=fault.kind if fault else None,
            # The secret stays out of the log, as it would in Shopify's.
            variables={k: form.get(k) for k in ("grant_type", "client_id")},
            valid=bool(form.get("grant_type") and form.get("client_id") and form.get("client_secret"))))
        return response

    def _grant(self, form: Any) -> Response:
        if not form:
            return _json(400, {"error": "invalid_request",
                               "error_description": "The request is missing a required parameter."})
        if form.get("grant_type") != "client_credentials":
            return _json(400, {"error": "unsupported_grant_type",
                               "error_description": "The grant type is not supported."})
        if (form.get("client_id") != self.client_id
                or not secrets.compare_digest(form.get("client_secret", "").encode(),
                                              self.client_secret.encode())):
            return _json(400, {"error": "invalid_client",
                               "error_description": "Client authentication failed."})
        token, now = f"shpat_{secrets.token_hex(16)}", time.monotonic()
        with self._lock:
            self._issued = {t: at for t, at in self._issued.items() if at > now}
            self._issued[token] = now + self.expires_in
        return _json(200, {"access_token": token, "scope": SCOPES, "expires_in": self.expires_in})


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status, content_type="application/json; charset=utf-8")
