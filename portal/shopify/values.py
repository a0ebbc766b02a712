"""Shopify's JSON scalars and connections, read the same way everywhere in the adapter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

Node = dict[str, Any]


def when(value: str | None) -> datetime | None:
    """Parse one of Shopify's ISO 8601 timestamps ('Z' included)."""
    return instant(value) if value else None


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def nodes(connection: Node | None) -> list[Node]:
    """The non-null nodes of a GraphQL connection."""
    return [node for node in (connection or {}).get("nodes") or [] if node]
