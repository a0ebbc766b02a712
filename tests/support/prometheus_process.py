"""PrometheusProcess: Debian's `prometheus` server on loopback, scraping one target every second,
so a test can ask it what it read."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

import requests

from tests.support.redis_process import free_port


class PrometheusProcess:
    """Scrapes `target` (host:port) at /metrics with a bearer token; stopped on exit."""

    def __init__(self, target: str, token: str) -> None:
        self.port = free_port()
        self._folder = tempfile.TemporaryDirectory(prefix="portal-prometheus-")
        self._config = Path(self._folder.name) / "prometheus.yml"
        self._config.write_text(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
            "scrape_configs:\n  - job_name: portal\n"
            f"    authorization:\n      credentials: {token}\n"
            f"    static_configs:\n      - targets: ['{target}']\n")
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20) -> Self:
        binary = shutil.which("prometheus")
        assert binary, "prometheus was not found: apt-get install prometheus"
        self._process = subprocess.Popen(
            [binary, f"--config.file={self._config}", f"--storage.tsdb.path={self._folder.name}/data",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/-/ready", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("prometheus did not become ready")

    def query(self, expression: str) -> list[dict]:
        answer = requests.get(f"http://127.0.0.1:{self.port}/api/v1/query",
                              params={"query": expression}, timeout=5).json()
        assert answer["status"] == "success", answer
        return answer["data"]["result"]

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        self._folder.cleanup()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
