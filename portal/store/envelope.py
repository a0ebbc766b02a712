"""One versioned envelope for every value the portal writes to Redis, and one reader that takes
anything else (another version's format, a foreign writer, a cut-off value) as a miss."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from portal.store import codec

T = TypeVar("T")

# Raised whenever a stored shape changes: entries of the old shape then read as misses.
VERSION = 2


@dataclass(frozen=True)
class Stored(Generic[T]):
    """A value read back, with when it was written (seconds since the epoch)."""

    value: T
    written_at: float


def seal(value: Any, written_at: float) -> str:
    """Return `value` (plain data or a dataclass tree) in the envelope."""
    return json.dumps({"v": VERSION, "at": written_at, "data": codec.plain(value)},
                      separators=(",", ":"), ensure_ascii=False)


def unseal(kind: Any, raw: str | None) -> Stored[Any] | None:
    """Return what `seal` wrote, rebuilt as `kind`; None for anything else."""
    return _unsealed(kind, raw) if raw else None


# Values are frozen, so one rebuilt copy can serve every reader of the same stored text: a
# page view then reads Redis but skips parsing and rebuilding an order it already has.
@lru_cache(maxsize=128)
def _unsealed(kind: Any, raw: str) -> Stored[Any] | None:
    try:
        document = json.loads(raw)
        if not isinstance(document, dict) or document.get("v") != VERSION:
            return None
        return Stored(codec.build(kind, document["data"]), float(document["at"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
