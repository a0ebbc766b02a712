"""Relay connections over plain lists, with opaque cursors like Shopify's."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from graphql import GraphQLError, GraphQLObjectType

MAX_PAGE_SIZE = 250
# A bulk operation reads every node of every connection, with no page size to give.
_UNBOUNDED: ContextVar[bool] = ContextVar("unbounded", default=False)


@contextmanager
def every_node() -> Iterator[None]:
    """Within this block connections return all their nodes, as in a bulk operation."""
    token = _UNBOUNDED.set(True)
    try:
        yield
    finally:
        _UNBOUNDED.reset(token)


def is_connection(type_: Any) -> bool:
    """True for a Relay connection type (nodes, edges and pageInfo)."""
    return (isinstance(type_, GraphQLObjectType) and type_.name.endswith("Connection")
            and {"nodes", "edges", "pageInfo"} <= type_.fields.keys())


def encode_cursor(node: Any, index: int) -> str:
    """Return an opaque cursor naming this node by its id (its position when it has none)."""
    key = node.get("id") if isinstance(node, dict) else None
    payload = {"last_id": key.rsplit("/", 1)[-1]} if isinstance(key, str) else {"index": index}
    return base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()


def _position(cursor: str, nodes: Sequence[Any]) -> int:
    """Return the index of the node a cursor names; GraphQLError if it names none."""
    try:
        payload = json.loads(base64.b64decode(cursor.encode(), validate=True))
    except (binascii.Error, ValueError, UnicodeError):
        raise GraphQLError(f"Invalid cursor: {cursor}") from None
    if isinstance(payload, dict) and "last_id" in payload:
        for index, node in enumerate(nodes):
            if str(node.get("id", "")).rsplit("/", 1)[-1] == str(payload["last_id"]):
                return index
    if isinstance(payload, dict) and isinstance(position := payload.get("index"), int):
        return position
    raise GraphQLError(f"Invalid cursor: {cursor}")


def paginate(nodes: Sequence[Any], first: int | None = None, after: str | None = None,
             last: int | None = None, before: str | None = None, reverse: bool = False,
             **_: Any) -> dict[str, Any]:
    """Return a connection (nodes, edges, pageInfo) for one page of `nodes`."""
    if first is None and last is None and not _UNBOUNDED.get():
        raise GraphQLError("you must provide one of first or last")
    for size in (first, last):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise GraphQLError(f"The page size must be between 0 and {MAX_PAGE_SIZE}")
    ordered = list(reversed(nodes)) if reverse else list(nodes)
    start, end = 0, len(ordered)
    if after is not None:
        start = _position(after, ordered) + 1
    if before is not None:
        end = min(end, _position(before, ordered))
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    page = ordered[start:end]
    edges = [{"node": node, "cursor": encode_cursor(node, start + offset)}
             for offset, node in enumerate(page)]
    return {
        "nodes": page,
        "edges": edges,
        "pageInfo": {
            "hasNextPage": end < len(ordered),
            "hasPreviousPage": start > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }
