"""What Shopify accepts as a bulk query, and how it flattens the answer into JSONL lines."""

from __future__ import annotations

import json
from typing import Any

from graphql import (
    FieldNode,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
)

from portal.demo.paging import is_connection
from portal.demo.schema import document_errors, load_schema

_MAX_CONNECTIONS = 5
_MAX_DEPTH = 2


def bulk_query_problem(query: str) -> str | None:
    """Return why Shopify would refuse this document as a bulk query, or None."""
    try:
        document = parse(query)
    except GraphQLSyntaxError as error:
        return error.message
    invalid = document_errors(document)
    if invalid:
        return str(invalid[0]["message"])
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation.value != "query":
        return "Bulk queries must contain exactly one query operation."
    roots = [s for s in operations[0].selection_set.selections if isinstance(s, FieldNode)]
    if len(roots) != 1:
        return "Bulk queries must contain exactly one top-level field."
    if roots[0].name.value in ("node", "nodes"):
        return "The top-level node and nodes fields can't be used."
    counts = _connections(roots[0], load_schema().query_type, 0, False)
    if isinstance(counts, str):
        return counts
    if counts == 0:
        return "Bulk queries must contain at least one connection."
    if counts > _MAX_CONNECTIONS:
        return f"Bulk queries cannot contain more than {_MAX_CONNECTIONS} connections."
    return None


def _connections(node: FieldNode, parent: Any, depth: int, in_list: bool) -> int | str:
    """Count the connections under a field; a string names a rule the query breaks."""
    definition = parent.fields[node.name.value]
    named = get_named_type(definition.type)
    # A connection's own `edges` and `nodes` lists are how it is read, not list fields.
    structural = is_connection(parent) or parent.name.endswith("Edge")
    found = 0
    if is_connection(named):
        if in_list:
            return ("Queries that contain a connection field within a list field are not "
                    "currently supported.")
        depth, found = depth + 1, 1
        if depth > _MAX_DEPTH:
            return f"Bulk queries cannot contain connections nested more than {_MAX_DEPTH} deep."
    elif not structural and is_list_type(get_nullable_type(definition.type)):
        in_list = True
    for child in (node.selection_set.selections if node.selection_set else ()):
        if isinstance(child, FieldNode) and child.name.value in getattr(named, "fields", {}):
            counted = _connections(child, named, depth, in_list)
            if isinstance(counted, str):
                return counted
            found += counted
    return found


def jsonl_lines(data: dict[str, Any], grouped: bool) -> tuple[list[bytes], int]:
    """Return the JSONL lines of a bulk query's result, and how many of them are roots.

    Each node of a connection is a line of its own; a nested connection's nodes carry their
    parent's id as `__parentId` and come after it: right after it when `grouped`, else after
    every top-level object, which is one order Shopify may choose without grouping."""
    lines: list[bytes] = []
    later: list[bytes] = []
    roots = 0
    for connection in data.values():
        for node in _nodes(connection):
            family: list[bytes] = []
            _emit(node, None, family)
            lines.append(family[0])
            (lines if grouped else later).extend(family[1:])
            roots += 1
    return lines + later, roots


def _emit(node: dict[str, Any], parent_id: str | None, lines: list[bytes]) -> None:
    own = {key: value for key, value in node.items() if not _is_connection_value(value)}
    if parent_id is not None:
        own["__parentId"] = parent_id
    lines.append(json.dumps(own, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    for value in node.values():
        if _is_connection_value(value):
            for child in _nodes(value):
                _emit(child, node.get("id"), lines)


def _is_connection_value(value: Any) -> bool:
    return (isinstance(value, dict) and bool(value.keys() & {"edges", "nodes"})
            and value.keys() <= {"edges", "nodes", "pageInfo"})


def _nodes(connection: Any) -> list[dict[str, Any]]:
    if not isinstance(connection, dict):
        return []
    if "nodes" in connection:
        return list(connection["nodes"])
    return [edge["node"] for edge in connection.get("edges", [])]
