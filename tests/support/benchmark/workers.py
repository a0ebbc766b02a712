"""What gunicorn's workers cost the machine, read from /proc: CPU time and resident memory."""

from __future__ import annotations

import os
import re
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """Return the user plus system CPU time a process has used."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name may hold spaces and parentheses: count fields after its closing one.
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


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
