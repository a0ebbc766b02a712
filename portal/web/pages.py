"""Rendered order pages, kept per worker: a shopper who reloads, or comes back from a carrier's
site, gets the page without rendering it again.

A page is keyed by everything that changes it: the order's data (its id and when that copy was
read from the store), the language and the language in links, the store's branding, the proxy
mount and the time zone. The link token is per shopper, so a page is rendered with a
placeholder in its place and the token goes in on the way out: no shopper ever sees another's.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

# Pages are about 25 KB: at most 4 MB of them per worker, so a worker stays well under the
# memory it is sized for however many orders are viewed.
MAX_CHARACTERS = 4_000_000


class RenderedPages:
    """A small least-recently-used store of rendered pages with a token placeholder."""

    def __init__(self, max_characters: int = MAX_CHARACTERS) -> None:
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._max = max_characters
        self._size = 0
        self._lock = threading.Lock()
        # Unguessable, so no order data can contain it and be rewritten into a token.
        self.placeholder = "T" + secrets.token_hex(16)
        self._placeholder = self.placeholder.encode()

    def page(self, key: Hashable, token: str, render: Callable[[str], str]) -> bytes:
        """The page for `key`, as UTF-8, with `token` in its links; `render(placeholder)` makes
        it once. Kept encoded, so a view only copies bytes (encoding 25 KB of Japanese text
        again on every view cost more than putting the token in)."""
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
        if html is None:
            html = render(self.placeholder).encode()
            with self._lock:
                if key not in self._pages:
                    self._pages[key] = html
                    self._size += len(html)
                while self._size > self._max and self._pages:
                    self._size -= len(self._pages.popitem(last=False)[1])
        return html.replace(self._placeholder, token.encode())
