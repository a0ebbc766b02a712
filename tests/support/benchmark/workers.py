"""What gunicorn's workers cost the machine, read from /proc: CPU time and resident memory."""

from __future__ import annotations

import re
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """Return the CPU time a process's threads have used, to the nanosecond.

    The scheduler's own count per thread (/proc/<pid>/task/<tid>/schedstat), not utime and
    stime, which move in 10 ms ticks: a first view's 150 pages span only some 30 of them.
    gunicorn's threads live as long as their worker, so no finished thread's time is lost."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended just now
    return total / 1e9


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    if match is None:
        raise RuntimeError(f"process {pid} reports no resident memory")
    return int(match.group(1)) / 1024


class CpuMeter:
    """CPU time used by a fixed set of workers between start and stop; None if one was replaced,
    since a new worker's imports would count as the requests' work."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = sorted(pids)
        self._before = {pid: cpu_seconds(pid) for pid in self.pids}

    def used(self, pids_now: list[int]) -> float | None:
        if sorted(pids_now) != self.pids:
            return None
        return sum(cpu_seconds(pid) - before for pid, before in self._before.items())
