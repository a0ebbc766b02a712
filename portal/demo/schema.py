"""Shopify's Admin API schema, and query validation that reports errors the way Shopify does."""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    build_client_schema,
    parse,
    specified_rules,
    validate,
)

API_VERSION = "2026-07"
SCHEMA_PATH = Path(__file__).with_name(f"admin_{API_VERSION}.json.gz")

# graphql-ruby's codes (Shopify's server) for the mistakes a client is likely to make; every
# other rule gets its own name in lowerCamelCase, which is what graphql-ruby does as well.
_RULE_CODES = {
    "FieldsOnCorrectTypeRule": "undefinedField",
    "KnownArgumentNamesRule": "argumentNotAccepted",
    "ProvidedRequiredArgumentsRule": "missingRequiredArguments",
    "KnownTypeNamesRule": "undefinedType",
    "ScalarLeafsRule": "selectionMismatch",
    "ValuesOfCorrectTypeRule": "argumentLiteralsIncompatible",
    "VariablesInAllowedPositionRule": "variableMismatch",
    "NoUndefinedVariablesRule": "variableNotDefined",
    "NoUnusedVariablesRule": "variableNotUsed",
    "KnownFragmentNamesRule": "undefinedFragment",
    "NoUnusedFragmentsRule": "useAndDefineFragment",
}


@lru_cache(maxsize=1)
def load_schema() -> GraphQLSchema:
    """Return the Admin API schema of API_VERSION, built once per process."""
    with gzip.open(SCHEMA_PATH, "rt", encoding="utf-8") as handle:
        return build_client_schema(json.load(handle)["data"])


def validate_query(text: str) -> list[str]:
    """Return the messages of every error Shopify would report for this document; [] if valid."""
    return [error["message"] for error in query_errors(text)]


def query_errors(text: str) -> list[dict[str, Any]]:
    """Return Shopify-shaped error objects for a document that fails to parse or validate."""
    try:
        document = parse(text)
    except GraphQLSyntaxError as error:
        return [error_dict(error, "parseError")]
    return document_errors(document)


def document_errors(document: DocumentNode) -> list[dict[str, Any]]:
    """Return Shopify-shaped error objects for a parsed document; [] if it validates."""
    schema = load_schema()
    if not validate(schema, document):
        return []
    # Only invalid documents pay for this second pass, which finds the rule behind each error.
    errors: list[dict[str, Any]] = []
    for rule in specified_rules:
        code = _RULE_CODES.get(rule.__name__) or _lower_camel(rule.__name__.removesuffix("Rule"))
        errors.extend(error_dict(error, code) for error in validate(schema, document, [rule]))
    return errors


def error_dict(error: GraphQLError, code: str) -> dict[str, Any]:
    """Return one entry of a response's `errors` list."""
    entry: dict[str, Any] = {"message": error.message}
    if error.locations:
        entry["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        entry["path"] = list(error.path)
    entry["extensions"] = {"code": code}
    return entry


def _lower_camel(name: str) -> str:
    return re.sub(r"^[A-Z]", lambda match: match.group().lower(), name)
