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

from tests.support.redis_process import free_port, terminate

ROOT = Path(__file__).resolve().parents[2]
PORTAL_APP = "wsgi:app"


def procfile_command(app: str = PORTAL_APP) -> str:
    """Return the Procfile's web command, serving `app` instead of the portal when asked."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    command = next(line for line in lines if line.startswith("web:")).removeprefix("web:").strip()
    if PORTAL_APP not in command:
        raise RuntimeError(f"the Procfile's web command no longer names {PORTAL_APP}")
    return command.replace(PORTAL_APP, app)


class GunicornProcess:
    """gunicorn on a free 127.0.0.1 port with the given settings, started as the Procfile starts
    it; its access log (stdout) and the rest of its log (stderr) go to files that `output` reads."""

    def __init__(self, settings: dict[str, str], app: str = PORTAL_APP) -> None:
        self.port = free_port()
        self.app = app
        # The shell finds the gunicorn installed next to this Python, as a platform finds its own.
        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        self._env = {**os.environ, "FORWARDED_ALLOW_IPS": "127.0.0.1", **settings,
                     "PORT": str(self.port), "LISTEN_ADDRESS": "127.0.0.1", "PATH": path}
        self._directory = Path(tempfile.mkdtemp(prefix="portal-gunicorn-"))
        self._stdout = self._directory / "stdout.log"
        self._stderr = self._directory / "stderr.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> GunicornProcess:
        """Start gunicorn and wait until /healthz answers."""
        with open(self._stdout, "w") as stdout, open(self._stderr, "w") as stderr:
            # exec: the shell becomes gunicorn's master, whose pid and children we watch.
            self.process = subprocess.Popen(["bash", "-c", "exec " + procfile_command(self.app)],
                                            cwd=ROOT, env=self._env, stdout=stdout, stderr=stderr)
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        log = self.log()
        self.stop()
        self.cleanup()
        raise RuntimeError("gunicorn did not start:\n" + log)

    def output(self) -> tuple[str, str]:
        """What gunicorn has written so far: (stdout, stderr)."""
        return (self._stdout.read_text(errors="replace") if self._stdout.exists() else "",
                self._stderr.read_text(errors="replace") if self._stderr.exists() else "")

    def log(self) -> str:
        """Return what gunicorn has logged so far (the access log, then its other lines)."""
        return "".join(self.output())

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

    def stop(self) -> None:
        if self.process is None:
            return
        terminate(self.process, timeout=25)
        self.process = None

    def cleanup(self) -> None:
        """Delete the log files."""
        for path in (self._stdout, self._stderr):
            path.unlink(missing_ok=True)
        self._directory.rmdir()

    def __enter__(self) -> GunicornProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
        self.cleanup()
