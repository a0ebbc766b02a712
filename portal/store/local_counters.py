"""Counters in a SQLite file on the host: what the limits fall back to while Redis is down.

A file rather than process memory, because gunicorn recycles workers (max_requests) and an
attacker can make that happen at will with cheap requests: counts kept in memory would start
again from zero each time. SQLite's file lock makes each change atomic across the workers.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_SCHEMA = ("CREATE TABLE IF NOT EXISTS counters "
           "(name TEXT PRIMARY KEY, count INTEGER NOT NULL, ends REAL NOT NULL)")


class LocalCounters:
    """Fixed-window counters in one SQLite file, shared by every process that opens it."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._ready = False
        self._lock = threading.Lock()

    def take(self, name: str, seconds: int, limit: int) -> bool:
        key = _keyed(name, seconds)

        def add(db: sqlite3.Connection, now: float) -> bool:
            if limit <= 0:
                return False
            db.execute("DELETE FROM counters WHERE name = ? AND ends <= ?", (key, now))
            changed = db.execute("INSERT INTO counters VALUES (?, 1, ?) ON CONFLICT(name) "
                                 "DO UPDATE SET count = count + 1 WHERE count < ?",
                                 (key, now + seconds, limit)).rowcount
            return changed == 1
        return self._change(add)

    def give_back(self, name: str, seconds: int) -> None:
        key = _keyed(name, seconds)

        def take(db: sqlite3.Connection, now: float) -> None:
            db.execute("UPDATE counters SET count = count - 1 "
                       "WHERE name = ? AND count > 0 AND ends > ?", (key, now))
        self._change(take)

    def count(self, name: str, seconds: int) -> int:
        row = self._read(_keyed(name, seconds), "count")
        return int(row) if row is not None else 0

    def seconds_left(self, name: str, seconds: int) -> float:
        ends = self._read(_keyed(name, seconds), "ends")
        return max(0.0, float(ends) - self._clock()) if ends is not None else 0.0

    def _read(self, name: str, column: str) -> float | None:
        def select(db: sqlite3.Connection, now: float) -> float | None:
            row = db.execute(f"SELECT {column} FROM counters WHERE name = ? AND ends > ?",
                             (name, now)).fetchone()
            return row[0] if row else None
        return self._change(select)

    def _change(self, action: Callable[[sqlite3.Connection, float], T]) -> T:
        # A connection per call: cheap next to an outage's lookups, and safe across threads
        # and forks, which one shared connection is not.
        with closing(sqlite3.connect(self._path, timeout=2.0, isolation_level=None)) as db:
            # Counts lost to a power cut only matter for the minutes the windows last: no fsync
            # on every change.
            db.execute("PRAGMA synchronous=NORMAL")
            self._prepare(db)
            db.execute("BEGIN IMMEDIATE")
            try:
                result = action(db, self._clock())
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return result

    def _prepare(self, db: sqlite3.Connection) -> None:
        if self._ready:
            return
        with self._lock:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            # Windows that ended long ago are dropped once per process, so the file stays small.
            db.execute("DELETE FROM counters WHERE ends <= ?", (self._clock(),))
            self._ready = True


def _keyed(name: str, seconds: int) -> str:
    return f"{name}:{seconds}"
