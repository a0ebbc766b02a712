"""Load from wrk (Debian's package): a fixed number of connections for a fixed time, spread over
many URLs by spread.lua, read back from the one line its done() prints."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("spread.lua")
_FIGURES = re.compile(r"^figures (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Load:
    """What wrk measured: requests/s, latency percentiles, and the requests that went wrong."""

    connections: int
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    failed: int

    def describe(self) -> str:
        return (f"{self.per_second:7.0f} req/s  p50 {self.p50_ms:6.1f} ms  "
                f"p99 {self.p99_ms:6.1f} ms" + (f"  {self.failed} FAILED" if self.failed else ""))


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk was not found: `make benchmark` installs it (apt-get install wrk)")
    return found


def run_wrk(base: str, paths: list[str], connections: int, seconds: int, threads: int) -> Load:
    """GET the paths round-robin from `connections` keep-alive connections for `seconds`."""
    with tempfile.NamedTemporaryFile("w", prefix="benchmark-paths-", suffix=".txt") as listed:
        listed.write("\n".join(paths) + "\n")
        listed.flush()
        # A generous timeout: a request wrk gives up on is left out of its percentiles.
        finished = subprocess.run(
            [wrk_binary(), f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
             "--timeout", "10s", "-s", str(SCRIPT), base, "--", listed.name],
            capture_output=True, text=True, timeout=seconds + 60, check=False)
    return parse(finished.stdout + finished.stderr, connections)


def parse(output: str, connections: int) -> Load:
    """Read the figures line of spread.lua's done(); RuntimeError with wrk's output if absent."""
    match = _FIGURES.search(output)
    if match is None:
        raise RuntimeError("wrk printed no figures:\n" + output)
    values = {key: float(value) for key, value in
              (pair.split("=") for pair in match.group(1).split())}
    failed = sum(int(values[key]) for key in ("connect", "read", "write", "status", "timeout"))
    return Load(connections, int(values["requests"]),
                values["requests"] / (values["duration_us"] / 1e6),
                values["p50_us"] / 1000, values["p99_us"] / 1000, failed)
