"""FakeShopify: Shopify's Admin GraphQL API over real HTTP on 127.0.0.1, backed by a DemoStore.

    with FakeShopify(sample_store()) as shopify:
        ShopifyClient(shopify.url, FixedToken(shopify.access_token)) ...
        shopify.fail("server_error", times=2, status=503)
        assert not shopify.invalid_calls()
"""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any, Self

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request as HttpRequest
from werkzeug.wrappers import Response

from portal.demo import responses, status_page
from portal.demo.bucket import LeakyBucket
from portal.demo.bulk import BulkOperations
from portal.demo.calls import Call, CallLog
from portal.demo.faults import Fault, Faults
from portal.demo.graphql_api import GraphQLApi, Outcome, Request
from portal.demo.images import placeholder_svg
from portal.demo.oauth import OAuthApp
from portal.demo.resolvers import Context
from portal.demo.schema import API_VERSION, load_schema, query_errors
from portal.demo.store import DemoStore

_OPERATION_NAME = re.compile(r"^\s*(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)", re.MULTILINE)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the per-request line, which would drown test output; errors are still logged."""


class FakeShopify:
    """A threaded HTTP server that answers like one Shopify store's Admin GraphQL API.

    GraphQL calls take `access_token` (an app made in the admin) or any unexpired token that
    `POST /admin/oauth/access_token` issued for `client_id` and `client_secret` (see oauth.py).
    """

    def __init__(self, store: DemoStore, access_token: str = "demo-token",
                 api_version: str = API_VERSION, *, maximum_available: float = 2000.0,
                 restore_rate: float = 100.0, max_cost: int = 1000, host: str = "127.0.0.1",
                 port: int = 0, client_id: str = "demo-client",
                 client_secret: str = "demo-client-secret") -> None:
        self.store = store
        self.access_token = access_token
        self.oauth = OAuthApp(client_id, client_secret)
        self.api_version = api_version
        self.bucket = LeakyBucket(maximum_available, restore_rate)
        self._api = GraphQLApi(self.bucket, max_cost)
        self._faults = Faults()
        self._log = CallLog()
        self._links = status_page.StatusLinks()
        self.bulk = BulkOperations()
        # Where product image URLs point; None: this server. See portal/demo/image_host.py.
        self.image_base_url: str | None = None
        self._host, self._port = host, port
        self._server: BaseWSGIServer | None = None
        self._in_flight = 0
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None
        self._routes = Map([
            Rule("/admin/api/<version>/graphql.json", endpoint="graphql", methods=["POST"]),
            Rule("/admin/oauth/access_token", endpoint="access_token", methods=["POST"]),
            Rule("/images/<int:number>.svg", endpoint="image", methods=["GET"]),
            Rule("/status/<token>/authenticate", endpoint="status", methods=["GET"]),
            Rule("/bulk/<token>.jsonl", endpoint="bulk_file", methods=["GET"]),
        ])

    @property
    def base_url(self) -> str:
        """Return `http://127.0.0.1:PORT`; RuntimeError before `start()`."""
        if not self._port:
            raise RuntimeError("FakeShopify has no port yet: call start() first")
        return f"http://{self._host}:{self._port}"

    @property
    def url(self) -> str:
        """Return the GraphQL endpoint, as a Shopify client is configured with it."""
        return f"{self.base_url}/admin/api/{self.api_version}/graphql.json"

    def start(self) -> Self:
        """Bind a free port (or the one given) and serve in a background thread."""
        load_schema()  # built now, so that the first request is not the slow one
        for faults in (self._faults, self.oauth.faults):
            faults.stopping.clear()
        self._server = make_server(self._host, self._port, self._wsgi, threaded=True,
                                   request_handler=_QuietHandler)
        self._port = self._server.server_port
        self.bulk.file_base_url = self.base_url
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="fake-shopify", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; hanging and dripping requests end at once."""
        if self._server is None:
            return
        for faults in (self._faults, self.oauth.faults):
            faults.stopping.set()
            faults.release()  # wakes hanging requests, which then see that the server stops
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def fail(self, kind: str, times: int | None = 1, **options: Any) -> None:
        """Fail the next `times` GraphQL requests (None: until cleared) in one of these ways.

        server_error (status=500|502|503|504), hang (until `release()`, at most seconds=30,
        then answered normally), drip (interval=1.0 s per byte), throttled,
        throttled_429 (retry_after=2), unauthorized, malformed.
        """
        self._faults.add(kind, times, **options)

    def clear_failures(self) -> None:
        """Remove every failure switch (token requests' too) and let hanging requests answer."""
        self._faults.clear()
        self.oauth.faults.clear()

    def release(self) -> None:
        """Let the requests hanging now (token requests too) answer normally."""
        self._faults.release()
        self.oauth.faults.release()

    @property
    def latency(self) -> float:
        """Seconds every GraphQL request waits before it is answered."""
        return self._faults.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._faults.latency = seconds

    def calls(self, operation: str | None = None) -> list[Call]:
        """Return the calls received, optionally of one operation name ("oauth/access_token" for
        token requests)."""
        return self._log.calls(operation)

    def invalid_calls(self) -> list[Call]:
        """Return the calls whose query or variables Shopify would have refused."""
        return [call for call in self._log.calls() if not call.valid]

    def reset_calls(self) -> None:
        """Forget the calls received so far."""
        self._log.reset()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being answered, so a test's calls don't leak into the next."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        with self._idle:
            self._in_flight += 1
        try:
            return self._dispatch(environ, start_response)
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _dispatch(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = HttpRequest(environ)
        try:
            endpoint, args = self._routes.bind_to_environ(environ).match()
        except HTTPException as error:
            return error(environ, start_response)
        response = getattr(self, f"_{endpoint}")(request, **args)
        return response(environ, start_response)

    def _access_token(self, request: HttpRequest) -> Response:
        return self.oauth.handle(request, self._log)

    def _image(self, request: HttpRequest, number: int) -> Response:
        return Response(placeholder_svg(number), mimetype="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})

    def _status(self, request: HttpRequest, token: str) -> Response:
        gid = self._links.redeem(token, request.args.get("key", ""))
        order = self.store.get(gid) if gid else None
        return Response(status_page.render(order, self.store.shop), 200 if order else 403,
                        mimetype="text/html")

    def _bulk_file(self, request: HttpRequest, token: str) -> Response:
        # Like Shopify's signed storage URLs: no access token, only the unguessable name.
        lines = self.bulk.file(token)
        if lines is None:
            return Response("NoSuchKey", 404, mimetype="application/xml")
        return Response(lines, 200, mimetype="application/jsonl")

    def _graphql(self, request: HttpRequest, version: str) -> Response:
        started, clock = time.time(), time.monotonic()
        self._faults.pause(self._faults.latency)
        body = Request.from_body(request.get_data())
        fault = self._faults.take() if version == self.api_version else None
        if fault is not None and fault.kind == "hang":
            self._faults.hang(fault)
        response, outcome = self._answer(request, version, body, fault)
        query = body.query if body else None
        self._log.record(Call(
            operation=(body.operation_name if body else None) or _operation_name(query),
            variables=body.variables if body else None,
            status=response.status_code, time=started, duration=time.monotonic() - clock,
            valid=outcome.valid if outcome else not (query and query_errors(query)),
            errors=outcome.errors if outcome else [],
            fault=fault.kind if fault else None, query=query,
            requested_cost=outcome.requested_cost if outcome else None,
            actual_cost=outcome.actual_cost if outcome else None))
        return response

    def _answer(self, request: HttpRequest, version: str, body: Request | None,
                fault: Fault | None) -> tuple[Response, Outcome | None]:
        if version != self.api_version:
            return _json(404, responses.NOT_FOUND), None
        canned = _fault_response(fault)
        if canned is not None:
            return canned, None
        token = request.headers.get("X-Shopify-Access-Token")
        if token != self.access_token and not self.oauth.accepts(token):
            return _json(401, responses.INVALID_TOKEN), None
        if fault is not None and fault.kind == "throttled" and body is not None:
            outcome = self._api.throttled(self._api.requested_cost(None, body), empty=True)
        else:
            outcome = self._api.answer(body, self._context())
        payload = json.dumps(outcome.body, ensure_ascii=False).encode()
        if fault is not None and fault.kind == "drip":
            stream = self._faults.drip(payload, float(fault.options.get("interval", 1.0)))
            return Response(stream, outcome.status, headers={
                "Content-Type": "application/json; charset=utf-8",
                "Content-Length": str(len(payload))}, direct_passthrough=True), outcome
        return _json(outcome.status, payload), outcome

    def _context(self) -> Context:
        base_url = self.base_url
        return Context(self.store, self.image_base_url or base_url,
                       lambda order: self._links.mint(order, base_url),
                       self.api_version, self.bulk)


def _fault_response(fault: Fault | None) -> Response | None:
    """Return the answer for a switch that replaces Shopify's, or None to answer normally."""
    if fault is None:
        return None
    if fault.kind == "server_error":
        status = fault.options.get("status", 500)
        content_type, text = responses.SERVER_ERRORS.get(status, responses.SERVER_ERRORS[500])
        return Response(text, status, content_type=content_type)
    if fault.kind == "throttled_429":
        retry_after = str(fault.options.get("retry_after", 2))
        return _json(429, responses.TOO_MANY_REQUESTS, {"Retry-After": retry_after})
    if fault.kind == "malformed":
        return Response(responses.MALFORMED_BODY, 200, mimetype="application/json")
    if fault.kind == "unauthorized":
        return _json(401, responses.INVALID_TOKEN)
    return None


def _json(status: int, body: dict[str, Any] | bytes,
          headers: dict[str, str] | None = None) -> Response:
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Response(payload, status, headers=headers,
                    content_type="application/json; charset=utf-8")


def _operation_name(query: str | None) -> str | None:
    match = _OPERATION_NAME.search(query or "")
    return match.group(1) if match else None
