"""Reading an HTTP answer from Shopify within a lookup's deadline."""

from __future__ import annotations

import requests
import urllib3

from portal.clock import Deadline

MAX_BODY = 4 * 1024 * 1024


class Transient(Exception):
    """A failure worth one more try: 5xx, a timeout, a dropped connection, a garbled body."""


def read_body(response: requests.Response, deadline: Deadline, max_bytes: int = MAX_BODY,
              error: type[Exception] = Transient) -> bytes:
    """Return a streamed response's body; raises `error` past the deadline or `max_bytes`."""
    # A server dripping a byte a second never trips a read timeout; the deadline stops it.
    chunks: list[bytes] = []
    size = 0
    while chunk := _read_within(response, deadline, error):
        chunks.append(chunk)
        size += len(chunk)
        if deadline.remaining() <= 0:
            raise error("Shopify answered too slowly")
        if size > max_bytes:
            raise error("Shopify answered with an oversized body")
    return b"".join(chunks)


def _read_within(response: requests.Response, deadline: Deadline,
                 error: type[Exception]) -> bytes:
    # Each read may wait no longer than the lookup has left, not a whole read timeout more.
    # The socket sits under http.client's buffered reader; where it cannot be reached, the read
    # timeout set for the request still bounds the wait.
    stream = getattr(getattr(response.raw, "_fp", None), "fp", None)
    sock = getattr(getattr(stream, "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(0.05, deadline.remaining()))
    try:
        chunk: bytes = response.raw.read1(16384, decode_content=True)
        return chunk
    except (requests.exceptions.ReadTimeout, TimeoutError, OSError,
            urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ProtocolError):
        raise error("Shopify answered too slowly") from None
