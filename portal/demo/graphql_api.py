"""One GraphQL request from JSON payload to Shopify's answer: validate, cost, throttle, execute."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSyntaxError, parse

from portal.demo import responses
from portal.demo.bucket import LeakyBucket
from portal.demo.cost import query_cost
from portal.demo.resolvers import Context, run
from portal.demo.schema import document_errors, error_dict, load_schema


@dataclass
class Outcome:
    """What to answer, and what the call log should remember about it."""

    status: int
    body: dict[str, Any]
    valid: bool = True
    errors: list[str] = field(default_factory=list)
    requested_cost: int | None = None
    # What Shopify charges: the requested cost is taken up front and the unused part refunded.
    actual_cost: int | None = None


@dataclass(frozen=True)
class Request:
    """A GraphQL request body, read leniently so that even a bad one can be logged."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None

    @classmethod
    def from_body(cls, raw: bytes) -> Request | None:
        """Return the request in a JSON body, or None if the body is not one."""
        try:
            payload = json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(payload, dict):
            return None
        variables = payload.get("variables")
        if isinstance(variables, str):  # some clients send variables as a JSON string
            try:
                variables = json.loads(variables)
            except ValueError:
                variables = None
        query, name = payload.get("query"), payload.get("operationName")
        return cls(query if isinstance(query, str) else None,
                   variables if isinstance(variables, dict) else None,
                   name if isinstance(name, str) else None)


class GraphQLApi:
    """Answers GraphQL requests as Shopify does, spending points from a leaky bucket."""

    def __init__(self, bucket: LeakyBucket, max_cost: int = 1000) -> None:
        self.bucket = bucket
        self.max_cost = max_cost

    def answer(self, request: Request | None, context: Context) -> Outcome:
        """Return the HTTP status and JSON body for one request."""
        if request is None or not request.query:
            return Outcome(400, responses.MISSING_QUERY, valid=False,
                           errors=["Required parameter missing or invalid"])
        try:
            document = parse(request.query)
        except GraphQLSyntaxError as error:
            return _invalid([error_dict(error, "parseError")])
        invalid = document_errors(document)
        if invalid:
            return _invalid(invalid)
        requested = self.requested_cost(document, request)
        if requested > self.max_cost:
            body = responses.max_cost_exceeded(requested, self.max_cost)
            return Outcome(200, body, errors=[body["errors"][0]["message"]],
                           requested_cost=requested)
        if not self.bucket.try_take(requested):
            return self.throttled(requested)
        result = run(document, request.variables, request.operation_name, context)
        errors = [error.formatted for error in result.errors or ()]
        if result.data is None and errors and not any("path" in error for error in errors):
            # Bad variables or operation name: nothing ran, so Shopify charges nothing.
            self.bucket.refund(requested)
            return _invalid([dict(error, extensions={"code": "INVALID_VARIABLE"})
                             for error in errors])
        actual = query_cost(load_schema(), document, request.operation_name,
                            request.variables, result.data)
        self.bucket.refund(requested - actual)
        body = {"data": result.data}
        if errors:
            body["errors"] = errors
        body["extensions"] = responses.cost_extension(requested, actual, self.bucket.status())
        return Outcome(200, body, errors=[error["message"] for error in errors],
                       requested_cost=requested, actual_cost=actual)

    def throttled(self, requested: int, empty: bool = False) -> Outcome:
        """Return Shopify's THROTTLED answer; `empty` shows a drained bucket whatever it holds."""
        body = responses.throttled(requested, self.bucket.status(empty=empty))
        return Outcome(200, body, errors=["Throttled"], requested_cost=requested)

    def requested_cost(self, document: DocumentNode | None, request: Request) -> int:
        """Return the requested cost of a request; 0 when it does not parse."""
        if document is None:
            try:
                document = parse(request.query or "")
            except GraphQLSyntaxError:
                return 0
        return query_cost(load_schema(), document, request.operation_name, request.variables)


def _invalid(errors: list[dict[str, Any]]) -> Outcome:
    return Outcome(200, {"errors": errors}, valid=False,
                   errors=[error["message"] for error in errors])
