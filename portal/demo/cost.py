"""Query cost the way Shopify counts it, before execution (requested) and after (actual).

Scalars and enums cost 0, objects 1, a connection 2 plus its page size times the cost of one
node, a list of objects its `first` (or 1) times one object, and each mutation field 10.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
)
from graphql.execution.values import get_argument_values

from portal.demo.paging import is_connection

MUTATION_COST = 10


def query_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None = None,
               variables: dict[str, Any] | None = None, data: dict[str, Any] | None = None) -> int:
    """Return the requested cost, or with `data` (the executed result) the actual cost."""
    operation = _operation(document, operation_name)
    if operation is None:
        return 0
    if operation.operation == OperationType.MUTATION:
        return MUTATION_COST * sum(1 for _ in _fields_of(operation.selection_set, document))
    walker = _Walker(schema, document, variables or {}, actual=data is not None)
    return walker.selections(operation.selection_set, schema.query_type, data)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [node for node in document.definitions
                  if isinstance(node, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((node for node in operations if node.name and node.name.value == name), None)


def _fields_of(selection_set: SelectionSetNode | None,
               document: DocumentNode) -> Iterator[tuple[FieldNode, str | None]]:
    """Yield each field with the type condition it sits under, through fragments."""
    fragments = {node.name.value: node for node in document.definitions
                 if isinstance(node, FragmentDefinitionNode)}
    pending: list[tuple[SelectionSetNode | None, str | None]] = [(selection_set, None)]
    seen: set[str] = set()
    while pending:
        current, condition = pending.pop()
        for selection in current.selections if current else ():
            if isinstance(selection, FieldNode):
                yield selection, condition
            elif isinstance(selection, InlineFragmentNode):
                inner = selection.type_condition.name.value if selection.type_condition else None
                pending.append((selection.selection_set, inner or condition))
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    pending.append((fragment.selection_set, fragment.type_condition.name.value))


def _key(field: FieldNode) -> str:
    return field.alias.value if field.alias else field.name.value


class _Walker:
    """Sums costs over a selection; in `actual` mode it counts what `data` really holds."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode,
                 variables: dict[str, Any], actual: bool) -> None:
        self._schema = schema
        self._document = document
        self._variables = variables
        self._actual = actual

    def selections(self, selection_set: SelectionSetNode | None, parent: Any, value: Any) -> int:
        total = 0
        for field, condition in _fields_of(selection_set, self._document):
            owner = self._schema.get_type(condition) if condition else parent
            sub = value.get(_key(field)) if isinstance(value, dict) else None
            total += self._field(field, owner, sub)
        return total

    def _field(self, field: FieldNode, parent: Any, value: Any) -> int:
        definition = getattr(parent, "fields", {}).get(field.name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if is_leaf_type(named) or (self._actual and value is None):
            return 0
        size = self._page_size(definition, field)
        if is_connection(named):
            return 2 + self._connection_items(field.selection_set, named, value, size)
        if is_list_type(get_nullable_type(definition.type)):
            return self._each(value, size, partial(self._object, field, named))
        return self._object(field, named, value)

    def _object(self, field: FieldNode, type_: Any, value: Any) -> int:
        return 1 + self.selections(field.selection_set, type_, value)

    def _connection_items(self, selection_set: SelectionSetNode | None, connection: Any,
                          value: Any, size: int) -> int:
        """Cost of the nodes a connection returns; its edges and pageInfo come with the 2."""
        node_type = get_named_type(connection.fields["nodes"].type)
        total = 0
        for field, _ in _fields_of(selection_set, self._document):
            items = value.get(_key(field)) if isinstance(value, dict) else None
            if field.name.value == "nodes":
                total += self._each(items, size, partial(self._object, field, node_type))
            elif field.name.value == "edges":
                total += self._each(items, size, partial(self._edge, field, node_type))
        return total

    def _edge(self, edges: FieldNode, node_type: Any, edge: Any) -> int:
        return sum(self._object(field, node_type, edge.get(_key(field)) if edge else None)
                   for field, _ in _fields_of(edges.selection_set, self._document)
                   if field.name.value == "node")

    def _each(self, items: Any, size: int, cost_of: Callable[[Any], int]) -> int:
        if self._actual:
            return sum(cost_of(item) for item in items or ())
        return size * cost_of(None)

    def _page_size(self, definition: Any, field: FieldNode) -> int:
        try:
            args = get_argument_values(definition, field, self._variables)
        except (GraphQLError, TypeError, ValueError):
            return 1
        size = args.get("first") or args.get("last") or 1
        return size if isinstance(size, int) and size > 0 else 1
