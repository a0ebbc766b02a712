"""`make demo` (`python -m portal.demo`) as a process manager or container runtime runs it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.helpers import ROOT
from tests.support.redis_process import free_port


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    # A zombie has exited; it only waits to be reaped.
    return status.exists() and "\nState:\tZ" not in status.read_text()


def _wait_for(check, seconds: float) -> bool:
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_sigterm_stops_the_demo_and_its_redis(tmp_path):
    port = free_port()
    redis_pids: list[int] = []
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    with open(tmp_path / "demo.log", "w") as log:
        demo = subprocess.Popen([sys.executable, "-m", "portal.demo"], cwd=ROOT,
                                env={**env, "PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT)
    try:
        def answers() -> bool:
            try:
                return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok
            except requests.ConnectionError:
                return False
        assert _wait_for(answers, 20), (tmp_path / "demo.log").read_text()
        redis_pids += [pid for pid in _children(demo.pid)
                       if "redis-server" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert len(redis_pids) == 1, "the demo runs its own redis-server"
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=15) == 0
        assert _wait_for(lambda: not _alive(redis_pids[0]), 5), "redis-server was left running"
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        for pid in filter(_alive, redis_pids):
            os.kill(pid, signal.SIGKILL)
