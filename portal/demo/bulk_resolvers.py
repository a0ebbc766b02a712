"""Resolvers of the bulk operation fields: the mutation that starts one and the queries that poll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import DocumentNode, ExecutionResult, GraphQLError, GraphQLResolveInfo

from portal.demo.bulk import BulkOperations
from portal.demo.paging import every_node

Runner = Callable[[DocumentNode, dict[str, Any] | None, str | None, Any], ExecutionResult]


def bulk_resolvers(run: Runner) -> dict[tuple[str, str], Callable[..., Any]]:
    """Return the resolvers by (type, field); `run` executes the bulk query's own document."""
    def run_query(_: Any, info: GraphQLResolveInfo, query: str,
                  groupObjects: bool = False) -> dict[str, Any]:
        def execute(document: DocumentNode) -> dict[str, Any] | None:
            with every_node():
                return run(document, None, None, info.context).data
        return _bulk(info).run_query(query, execute, groupObjects)

    return {
        ("Mutation", "bulkOperationRunQuery"): run_query,
        ("Mutation", "bulkOperationCancel"): _cancel,
        ("QueryRoot", "currentBulkOperation"): _current,
        ("QueryRoot", "bulkOperation"): _operation,
        ("QueryRoot", "node"): _operation,
    }


def _bulk(info: GraphQLResolveInfo) -> BulkOperations:
    bulk: BulkOperations | None = info.context.bulk
    if bulk is None:
        raise GraphQLError("Bulk operations are not available")
    return bulk


def _current(_: Any, info: GraphQLResolveInfo, type: str = "QUERY") -> dict[str, Any] | None:
    return _bulk(info).current() if type == "QUERY" else None


def _operation(_: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    # `node` answers for bulk operations only; the portal reads everything else by its own field.
    return _bulk(info).get(id) if id.startswith("gid://shopify/BulkOperation/") else None


def _cancel(_: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
    return _bulk(info).cancel(id)
