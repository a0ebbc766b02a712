"""The bodies Shopify answers with when it will not run a query."""

from __future__ import annotations

from typing import Any

DOCS = "https://shopify.dev/api/usage/rate-limits"

INVALID_TOKEN = {"errors": "[API] Invalid API key or access token "
                           "(unrecognized login or wrong password)"}
MISSING_QUERY = {"errors": {"query": "Required parameter missing or invalid"}}
NOT_FOUND = {"errors": "Not Found"}
TOO_MANY_REQUESTS = {"errors": ("Exceeded 2 calls per second for api client. "
                                "Reduce request rates to resume uninterrupted service.")}


def _edge_page(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"


# Status -> (content type, body): Shopify's API answers JSON, its edge an HTML page.
SERVER_ERRORS = {
    500: ("application/json", '{"errors":"Internal Server Error"}'),
    502: ("text/html", _edge_page("502 Bad Gateway")),
    503: ("application/json", '{"errors":"Service Unavailable: try again later"}'),
    504: ("text/html", _edge_page("504 Gateway Timeout")),
}
# A response cut off mid-way, as a proxy that gives up delivers it.
MALFORMED_BODY = '{"data":{"order":{"id":"gid://shopify/Order/55000000'


def cost_extension(requested: int, actual: int | None,
                   throttle_status: dict[str, Any]) -> dict[str, Any]:
    """Return the `extensions` Shopify adds to every GraphQL response."""
    return {"cost": {"requestedQueryCost": requested, "actualQueryCost": actual,
                     "throttleStatus": throttle_status}}


def throttled(requested: int, throttle_status: dict[str, Any]) -> dict[str, Any]:
    """Return the HTTP 200 body of a query the bucket cannot afford yet."""
    return {"errors": [{"message": "Throttled",
                        "extensions": {"code": "THROTTLED", "documentation": DOCS}}],
            "extensions": cost_extension(requested, None, throttle_status)}


def max_cost_exceeded(cost: int, max_cost: int) -> dict[str, Any]:
    """Return the HTTP 200 body of a query that asks for more than one query may."""
    message = (f"Query cost is {cost}, which exceeds the single query max cost limit "
               f"({max_cost}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for "
               "more information on how the\ncost of a query is calculated.\n\nTo query larger "
               "amounts of data with fewer limits, bulk operations should be used instead.\n"
               "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for "
               "usage details.\n")
    return {"errors": [{"message": message,
                        "extensions": {"code": "MAX_COST_EXCEEDED", "cost": cost,
                                       "maxCost": max_cost, "documentation": DOCS}}]}
