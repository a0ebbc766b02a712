"""GunicornProcess: the portal served as in production (the Procfile's command, which reads
gunicorn.conf.py), for tests and the benchmark, against whatever Shopify and Redis the environment
names."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.support.redis_process import free_port

ROOT = Path(__file__).resolve().parents[2]
PORTAL_APP = "wsgi:app"


def procfile_command(app: str = PORTAL_APP) -> str:
    """Return the Procfile's web command serving `app`, bound to loopback, not every interface."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    command = next(line for line in lines if line.startswith("web:")).removeprefix("web:").strip()
    if PORTAL_APP not in command or "0.0.0.0:" not in command:
        raise RuntimeError(f"the Procfile's web command no longer names {PORTAL_APP} on 0.0.0.0")
    return command.replace(PORTAL_APP, app).replace("0.0.0.0:", "127.0.0.1:")


class GunicornProcess:
    """gunicorn on a free 127.0.0.1 port with the given settings, started as the Procfile starts
    it (a shell expands $PORT and ${WEB_CONCURRENCY:-2}); its log goes to a temp file."""

    def __init__(self, settings: dict[str, str], app: str = PORTAL_APP) -> None:
        self.port = free_port()
        self.app = app
        # The shell finds the gunicorn installed next to this Python, as a platform finds its own.
        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        self._env = {**os.environ, **settings, "PORT": str(self.port), "PATH": path,
                     "FORWARDED_ALLOW_IPS": "127.0.0.1"}
        self._log = Path(tempfile.mkstemp(prefix="portal-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> GunicornProcess:
        """Start gunicorn and wait until /healthz answers."""
        with open(self._log, "w") as log:
            # exec: the shell becomes gunicorn's master, whose pid and children we watch.
            self.process = subprocess.Popen(
                ["bash", "-c", "exec " + procfile_command(self.app)],
                cwd=ROOT, env=self._env, stdout=log, stderr=subprocess.STDOUT)
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + self._log.read_text())

    def reload(self) -> None:
        """Replace the workers gracefully, as a deploy does (SIGHUP)."""
        self.process.send_signal(signal.SIGHUP)

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def running_workers(self, count: int, excluding: frozenset[int] = frozenset(),
                        timeout: float = 20.0) -> frozenset[int]:
        """The worker pids once `count` workers run and none of them is in `excluding` (or whatever
        runs when `timeout` passes): workers boot one by one, and old ones finish their requests."""
        give_up = time.monotonic() + timeout
        while True:
            current = frozenset(self.worker_pids())
            if (len(current) == count and not current & excluding) or time.monotonic() > give_up:
                return current
            time.sleep(0.1)

    def log(self) -> str:
        """Return what gunicorn has logged so far (its own lines and the access log)."""
        return self._log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None
        self._log.unlink(missing_ok=True)

    def __enter__(self) -> GunicornProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
