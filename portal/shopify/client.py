"""ShopifyClient: GraphQL over HTTP to the Admin API, with bounded waits and polite retries.

It knows HTTP and GraphQL, nothing about orders: callers pass a query and variables and get `data`
back, or one of the ShopifyError subclasses below.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from typing import TYPE_CHECKING, Any, Protocol

import requests

from portal.clock import SYSTEM_CLOCK, Clock, Deadline
from portal.metrics import NO_METRICS, Metrics
from portal.shopify import queries
from portal.shopify.errors import ShopifyAuthError, ShopifyQueryError, ShopifyUnavailable
from portal.shopify.http import Transient, read_body
from portal.shopify.throttle import ThrottleState, retry_after, throttled_wait

if TYPE_CHECKING:
    from portal.shopify.access_tokens import AccessToken

log = logging.getLogger(__name__)


class CallBudget(Protocol):
    def spend(self, deadline: Deadline) -> None: ...


_RETRY_STATUSES = frozenset({500, 502, 503, 504})


class ShopifyClient:
    """Sends GraphQL documents to one store's Admin API endpoint."""

    def __init__(self, url: str, token: AccessToken, *, connect_timeout: float = 2.0,
                 read_timeout: float = 6.0, max_concurrent: int = 4,
                 budget: CallBudget | None = None, clock: Clock = SYSTEM_CLOCK,
                 metrics: Metrics = NO_METRICS) -> None:
        self.url = url
        self._token = token
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        # A hung Shopify must not take every worker thread: callers past this many wait, then give up.
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._throttle = ThrottleState(queries.COST_OF, clock=clock)
        self._local = threading.local()
        self._budget = budget
        self._clock = clock
        self._metrics = metrics

    def execute(self, query: str, variables: dict[str, Any], deadline: Deadline) -> dict[str, Any]:
        """Return the `data` of a successful response, retrying throttles, one server error and
        one rejected token that could be renewed."""
        server_errors = 0
        renewed = False
        while True:
            self._wait_for_budget(query, deadline)
            try:
                return self._send_once(query, variables, deadline)
            except _Rejected as rejected:
                if renewed or not self._renewed(rejected, deadline):
                    log.error("Shopify rejected the access token (HTTP %s): check %s and the app's "
                              "scopes", rejected.status, self._token.origin)
                    raise ShopifyAuthError(str(rejected)) from None
                renewed = True
            except _Throttled as throttled:
                self._pause(throttled.wait, deadline, "throttled")
            except Transient as transient:
                server_errors += 1
                if server_errors > 1:
                    raise ShopifyUnavailable(str(transient)) from None
                self._pause(0.2 + random.uniform(0, 0.3), deadline, str(transient))

    def _renewed(self, rejected: _Rejected, deadline: Deadline) -> bool:
        # A 401 may only mean the token expired or was revoked; a 403 is about scopes.
        return rejected.status == 401 and self._token.renew_after_rejection(rejected.token, deadline)

    def _wait_for_budget(self, query: str, deadline: Deadline) -> None:
        # Waiting for the bucket to refill beats spending a call that Shopify would refuse.
        wait = self._throttle.wait_before(query)
        if wait > 0:
            self._pause(wait, deadline, "throttle budget")

    def _pause(self, seconds: float, deadline: Deadline, reason: str) -> None:
        seconds += random.uniform(0, 0.1)
        if seconds >= deadline.remaining():
            raise ShopifyUnavailable(f"no time left to retry after {reason}")
        self._clock.sleep(seconds)

    def _send_once(self, query: str, variables: dict[str, Any],
                   deadline: Deadline) -> dict[str, Any]:
        token = self._token.value(deadline)
        if self._budget is not None:
            self._budget.spend(deadline)
        # Waiting long for a slot would hold this thread too: past a second, answer "try again".
        if not self._slots.acquire(timeout=max(0.0, deadline.capped(1.0).remaining())):
            raise ShopifyUnavailable("too many Shopify calls already waiting")
        outcome = "error"
        try:
            status, headers, body = self._post(query, variables, token, deadline)
            if status in (401, 403):
                outcome = "rejected"
                raise _Rejected(status, token)
            data = self._read_response(query, status, headers, body)
            outcome = "ok"
            return data
        except _Throttled:
            outcome = "throttled"
            raise
        finally:
            self._slots.release()
            self._metrics.shopify_call(outcome)

    def _session(self) -> requests.Session:
        # One pooled session per thread, made lazily so each gunicorn worker builds its own after fork.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update({"Content-Type": "application/json",
                                    "Accept": "application/json"})
            self._local.session = session
        return session

    def _post(self, query: str, variables: dict[str, Any], token: str,
              deadline: Deadline) -> tuple[int, Any, bytes]:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise ShopifyUnavailable("lookup deadline passed")
        timeout = (min(self._connect_timeout, remaining), min(self._read_timeout, remaining))
        try:
            response = self._session().post(
                self.url, data=json.dumps({"query": query, "variables": variables}),
                headers={"X-Shopify-Access-Token": token}, timeout=timeout, stream=True)
            with response:
                return response.status_code, response.headers, read_body(response, deadline)
        except requests.Timeout:
            raise Transient("Shopify timed out") from None
        except requests.RequestException as error:
            raise Transient(f"Shopify unreachable: {type(error).__name__}") from None

    def _read_response(self, query: str, status: int, headers: Any,
                       body: bytes) -> dict[str, Any]:
        if status == 429:
            raise _Throttled(retry_after(headers))
        if status in _RETRY_STATUSES:
            raise Transient(f"HTTP {status}")
        if status != 200:
            raise ShopifyUnavailable(f"HTTP {status}")
        try:
            payload = json.loads(body)
        except ValueError:
            raise Transient("Shopify answered with malformed JSON") from None
        if not isinstance(payload, dict):
            raise Transient("Shopify answered with an unexpected body")
        cost = (payload.get("extensions") or {}).get("cost") or {}
        self._throttle.remember(query, cost)
        if isinstance(cost.get("actualQueryCost"), int | float):
            self._metrics.shopify_cost(cost["actualQueryCost"])
        errors = payload.get("errors")
        if errors:
            return self._raise_for_errors(errors, cost)
        data = payload.get("data")
        if not isinstance(data, dict):
            raise Transient("Shopify answered without data")
        return data

    def _raise_for_errors(self, errors: Any, cost: dict[str, Any]) -> dict[str, Any]:
        # Shopify reports throttling with HTTP 200, so the body has to be read.
        codes = {((e or {}).get("extensions") or {}).get("code")
                 for e in errors if isinstance(e, dict)} if isinstance(errors, list) else set()
        if "THROTTLED" in codes:
            raise _Throttled(throttled_wait(cost))
        if "INTERNAL_SERVER_ERROR" in codes:
            raise Transient("Shopify internal error")
        log.error("Shopify refused a query: %s", _first_message(errors))
        raise ShopifyQueryError(_first_message(errors))

class _Throttled(Exception):
    def __init__(self, wait: float) -> None:
        super().__init__(f"throttled for {wait:.2f}s")
        self.wait = wait


class _Rejected(Exception):
    """Shopify refused the token sent (HTTP 401 or 403); the token is kept out of the message."""

    def __init__(self, status: int, token: str) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.token = token


def _first_message(errors: Any) -> str:
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message", "unknown error"))[:300]
    return str(errors)[:300]
