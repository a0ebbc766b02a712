"""Shopify bulk query operations: start one, poll it, stream its JSONL result line by line."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import requests

from portal.clock import Deadline
from portal.failures import Busy
from portal.shopify.client import ShopifyClient
from portal.shopify.errors import ShopifyError

log = logging.getLogger(__name__)

# Grouped, each object's nested objects follow it directly, so the file can be stitched
# together line by line; ungrouped, they may come anywhere later, and the whole file would have
# to be held. Grouping makes Shopify slower, which a nightly run can afford.
RUN_QUERY = """
mutation LearnDeliveries($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: true) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}
"""
CURRENT_QUERY = "query CurrentBulkOperation { currentBulkOperation { id status } }"
POLL_QUERY = """
query BulkOperationProgress($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount url }
  }
}
"""
BULK_QUERIES = {"LearnDeliveries": RUN_QUERY, "CurrentBulkOperation": CURRENT_QUERY,
                "BulkOperationProgress": POLL_QUERY}
_UNDER_WAY = ("CREATED", "RUNNING", "CANCELING")
_CALL_SECONDS = 20.0

Family = tuple[dict[str, Any], list[dict[str, Any]]]


class BulkBusy(ShopifyError, Busy):
    """Another bulk query of this app is running on the shop; none was started."""


class BulkFailed(ShopifyError):
    """The bulk operation ended without a complete result, or its result could not be read."""


class BulkQuery:
    """Runs one bulk query at a time through a ShopifyClient."""

    def __init__(self, client: ShopifyClient, *, first_poll: float = 1.0, max_poll: float = 10.0,
                 timeout: float = 3600.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self._client = client
        self._first_poll = first_poll
        self._max_poll = max_poll
        self._timeout = timeout
        self._sleep = sleep

    def run(self, query: str, progress: Callable[[str, int], None]) -> Iterator[Family]:
        """Start the query, wait for it (reporting progress), then yield each top-level object
        with the objects of its nested connections, as the file streams in.

        Raises BulkBusy when another operation is under way (none is started then), BulkFailed
        when the operation fails or its file breaks off, ShopifyError when Shopify cannot be asked.
        """
        current = self._call(CURRENT_QUERY, {})["currentBulkOperation"]
        if current and current["status"] in _UNDER_WAY:
            raise BulkBusy(f"bulk operation {current['id']} is {current['status'].lower()}")
        payload = self._call(RUN_QUERY, {"query": query})["bulkOperationRunQuery"]
        if payload["userErrors"]:
            error = payload["userErrors"][0]
            busy = error.get("code") in ("OPERATION_IN_PROGRESS", "LIMIT_REACHED")
            raise (BulkBusy if busy else BulkFailed)(error["message"])
        operation = payload["bulkOperation"]["id"]
        log.info("bulk_query event=started operation=%s", operation)
        url = self._wait(operation, progress)
        log.info("bulk_query event=completed operation=%s file=%s", operation, bool(url))
        if url:
            yield from stitched(_lines(url))

    def _wait(self, operation: str, progress: Callable[[str, int], None]) -> str | None:
        deadline = Deadline.after(self._timeout)
        # Small stores finish in seconds, large ones in minutes: poll soon, then less often.
        wait = self._first_poll
        while True:
            node = self._call(POLL_QUERY, {"id": operation})["node"] or {}
            status = node.get("status", "MISSING")
            progress(status, int(node.get("objectCount") or 0))
            if status == "COMPLETED":
                # Shopify gives no file at all when the query matched nothing.
                return node.get("url")
            if status not in _UNDER_WAY:
                reason = f" ({node['errorCode']})" if node.get("errorCode") else ""
                raise BulkFailed(f"bulk operation {operation} ended {status}{reason}")
            if deadline.remaining() < wait:
                raise BulkFailed(f"bulk operation {operation} still {status} after "
                                 f"{self._timeout:.0f} s")
            self._sleep(wait)
            wait = min(self._max_poll, wait * 1.5)

    def _call(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return self._client.execute(query, variables, Deadline.after(_CALL_SECONDS))


def stitched(objects: Iterable[dict[str, Any]]) -> Iterator[Family]:
    """Yield each top-level object with the objects whose `__parentId` leads back to it, from a
    grouped file; BulkFailed if one turns up apart from its parent."""
    root: dict[str, Any] | None = None
    family: list[dict[str, Any]] = []
    ids: set[str] = set()
    for item in objects:
        parent = item.get("__parentId")
        if parent is None:
            if root is not None:
                yield root, family
            root, family, ids = item, [], {item.get("id", "")}
        elif parent in ids:
            family.append(item)
            ids.add(item.get("id", ""))
        else:
            raise BulkFailed(f"result file has an object of {parent} apart from it")
    if root is not None:
        yield root, family


def _lines(url: str) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL file as it downloads; the file is never held whole."""
    try:
        with requests.get(url, stream=True, timeout=(10, 60)) as response:
            if response.status_code != 200:
                raise BulkFailed(f"result file answered HTTP {response.status_code}")
            for line in response.iter_lines():
                if line:
                    yield json.loads(line)
    except requests.RequestException as error:
        raise BulkFailed(f"result file broke off: {type(error).__name__}") from None
    except ValueError:
        raise BulkFailed("result file holds a line that is not JSON") from None
