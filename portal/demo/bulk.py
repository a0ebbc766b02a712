"""Bulk query operations as Shopify runs them: validate, run in the background, serve JSONL.

The query runs at once against the store (a snapshot, as Shopify's is), but the operation shows
CREATED, then RUNNING with a growing object count, and ends COMPLETED (or FAILED when a test
asked for it) `seconds` after it was created, so clients have something to poll.

    shopify.bulk.fail_next("TIMEOUT")   # the next operation fails, with half its data
    shopify.bulk.hold()                 # operations stay RUNNING until release()
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graphql import DocumentNode, parse

from portal.demo.bulk_queries import bulk_query_problem, jsonl_lines

Executor = Callable[[DocumentNode], dict[str, Any] | None]

_RUNNING = ("CREATED", "RUNNING", "CANCELING")


@dataclass
class Operation:
    """One bulk query operation and its result lines."""

    gid: str
    query: str
    created: float
    lines: list[bytes]
    roots: int
    error_code: str | None = None
    canceled: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))


class BulkOperations:
    """This app's bulk query operations on one shop; safe to use from the server's threads."""

    def __init__(self, limit: int = 5, seconds: float = 0.5) -> None:
        # API versions from 2026-01 let an app run five bulk queries at once; earlier ones, one.
        self.limit = limit
        self.seconds = seconds
        self.file_base_url = ""
        self._operations: dict[str, Operation] = {}
        self._lock = threading.Lock()
        self._next_id = 1
        self._fail_next: str | None = None
        self._held = False
        # Result files that break off in the middle of a line, as a dropped download does.
        self.broken_files = False

    def reset(self) -> None:
        """Forget every operation and switch, as a fresh shop would have none."""
        with self._lock:
            self._operations.clear()
            self._fail_next, self._held = None, False
            self.broken_files = False

    def fail_next(self, error_code: str = "INTERNAL_SERVER_ERROR") -> None:
        """Make the next operation end FAILED with this BulkOperationErrorCode."""
        self._fail_next = error_code

    def hold(self) -> None:
        """Keep operations RUNNING until `release()`."""
        self._held = True

    def release(self) -> None:
        """Let held operations finish."""
        self._held = False

    def run_query(self, query: str, execute: Executor, grouped: bool = False) -> dict[str, Any]:
        """Return bulkOperationRunQuery's payload: a new operation, or userErrors."""
        problem = bulk_query_problem(query)
        if problem:
            return _refused("INVALID", ["query"], f"Invalid bulk query: {problem}")
        with self._lock:
            running = [op for op in self._operations.values() if self._status(op) in _RUNNING]
            if len(running) >= self.limit:
                if self.limit == 1:
                    return _refused("OPERATION_IN_PROGRESS", None,
                                    "A bulk query operation for this app and shop is already "
                                    f"in progress: {running[0].gid}.")
                return _refused("LIMIT_REACHED", None,
                                "Bulk operations limit reached. Please try again later.")
            gid = f"gid://shopify/BulkOperation/{720_000 + self._next_id}"
            self._next_id += 1
        lines, roots = jsonl_lines(execute(parse(query)) or {}, grouped)
        operation = Operation(gid, query, time.time(), lines, roots, self._fail_next)
        self._fail_next = None
        with self._lock:
            self._operations[gid] = operation
        return {"bulkOperation": self._shape(operation), "userErrors": []}

    def get(self, gid: str) -> dict[str, Any] | None:
        """Return the BulkOperation with this id as it stands now, or None."""
        operation = self._operations.get(gid)
        return self._shape(operation) if operation else None

    def current(self) -> dict[str, Any] | None:
        """Return the most recent bulk query operation, or None."""
        with self._lock:
            latest = max(self._operations.values(), key=lambda op: op.created, default=None)
        return self._shape(latest) if latest else None

    def cancel(self, gid: str) -> dict[str, Any]:
        """Return bulkOperationCancel's payload."""
        operation = self._operations.get(gid)
        if operation is None:
            return {"bulkOperation": None,
                    "userErrors": [{"field": ["id"], "message": "Bulk operation does not exist"}]}
        if self._status(operation) not in _RUNNING:
            return {"bulkOperation": self._shape(operation), "userErrors": [{
                "field": None, "message": "A bulk operation cannot be canceled when it is "
                                          f"{self._status(operation).lower()}"}]}
        operation.canceled = True
        return {"bulkOperation": self._shape(operation), "userErrors": []}

    def file(self, token: str) -> Iterator[bytes] | None:
        """Return the lines of the result file with this token (the partial file of a failed
        operation included), or None."""
        for operation in list(self._operations.values()):
            status = self._status(operation)
            if token == operation.token and status == "COMPLETED":
                if self.broken_files:
                    half = operation.lines[: len(operation.lines) // 2]
                    return iter([*half, operation.lines[len(half)][:20]])
                return iter(operation.lines)
            if token == operation.token + "-partial" and status == "FAILED":
                return iter(operation.lines[: len(operation.lines) // 2])
        return None

    def _status(self, operation: Operation) -> str:
        elapsed = time.time() - operation.created
        if operation.canceled:
            return "CANCELED"
        if self._held or elapsed < self.seconds:
            return "CREATED" if elapsed < self.seconds / 10 else "RUNNING"
        return "FAILED" if operation.error_code else "COMPLETED"

    def _shape(self, operation: Operation) -> dict[str, Any]:
        status = self._status(operation)
        done = status in ("COMPLETED", "FAILED")
        share = 1.0 if done else min(1.0, (time.time() - operation.created) / self.seconds)
        if status in ("CREATED", "FAILED"):
            share = 0.0 if status == "CREATED" else 0.5
        size = sum(len(line) for line in operation.lines)
        return {
            "__typename": "BulkOperation",
            "id": operation.gid,
            "type": "QUERY",
            "status": status,
            "errorCode": operation.error_code if status == "FAILED" else None,
            "query": operation.query,
            "createdAt": _iso(operation.created),
            "completedAt": _iso(operation.created + self.seconds) if done else None,
            "objectCount": str(int(len(operation.lines) * share)),
            "rootObjectCount": str(int(operation.roots * share)),
            "fileSize": str(size) if status == "COMPLETED" else None,
            "url": self._url(operation.token) if status == "COMPLETED" and operation.lines
            else None,
            "partialDataUrl": self._url(operation.token + "-partial")
            if status == "FAILED" else None,
        }

    def _url(self, token: str) -> str:
        return f"{self.file_base_url}/bulk/{token}.jsonl"


def _refused(code: str, field_path: list[str] | None, message: str) -> dict[str, Any]:
    return {"bulkOperation": None,
            "userErrors": [{"field": field_path, "message": message, "code": code}]}


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
