"""RedisProcess: a private, throwaway redis-server on 127.0.0.1 for tests and the demo."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from typing import Any, Self

import redis

INSTALL_HINT = ("redis-server was not found on PATH. Install it (Debian/Ubuntu: "
                "`apt-get install redis-server`, macOS: `brew install redis`) and try again.")


class RedisUnavailable(RuntimeError):
    """redis-server is missing or would not start."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def terminate(process: subprocess.Popen, timeout: float) -> None:
    """Ask a process to stop (SIGTERM), then kill it if it has not within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class RedisProcess:
    """Runs `redis-server` in the foreground with no persistence, in its own temp directory.

    `args` go on its command line (a cluster node's or a replica's options), `config` becomes
    its first argument's file (a Sentinel rewrites its own), and `client_options` tell the
    readiness check how to connect (TLS)."""

    def __init__(self, port: int | None = None, binary: str = "redis-server",
                 startup_timeout: float = 10.0, *, args: Sequence[str] = (), config: str = "",
                 client_options: Mapping[str, Any] | None = None) -> None:
        self.port = port
        self.binary = binary
        self.startup_timeout = startup_timeout
        self.args = list(args)
        self.config = config
        self.client_options = dict(client_options or {})
        self._process: subprocess.Popen[bytes] | None = None
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._paused = False

    @property
    def url(self) -> str:
        """Return `redis://127.0.0.1:PORT/0`."""
        if self.port is None:
            raise RuntimeError("RedisProcess is not running: call start() first")
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int | None:
        """Return the server's process id while it runs."""
        return self._process.pid if self._process else None

    def start(self) -> Self:
        """Start the server and wait until it answers PING; RedisUnavailable if it cannot."""
        path = shutil.which(self.binary)
        if path is None:
            raise RedisUnavailable(INSTALL_HINT)
        self._directory = self._directory or tempfile.TemporaryDirectory(prefix="portal-redis-")
        # A port picked here can be taken by someone else before Redis binds it: try another.
        ports = [self.port] if self.port is not None else [free_port() for _ in range(3)]
        for attempt, port in enumerate(ports, 1):
            self.port = port
            try:
                self._spawn(path)
                break
            except RedisUnavailable:
                if attempt == len(ports):
                    raise
        return self

    def _spawn(self, path: str) -> None:
        assert self._directory is not None
        log_file = os.path.join(self._directory.name, "redis.log")
        self._process = subprocess.Popen(
            [path, *self._config_file(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no",
             "--dir", self._directory.name, "--logfile", log_file, "--loglevel", "warning",
             *self.args],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not self._wait_until_ready():
            self._end_process()
            tail = ""
            if os.path.exists(log_file):
                with open(log_file, encoding="utf-8", errors="replace") as log:
                    tail = log.read()[-2000:].strip()
            raise RedisUnavailable(f"redis-server did not start on port {self.port}: {tail}")

    def _config_file(self) -> list[str]:
        if not self.config:
            return []
        assert self._directory is not None
        path = os.path.join(self._directory.name, "redis.conf")
        with open(path, "w", encoding="utf-8") as config:
            config.write(self.config)
        return [path]

    def client(self, **options: Any) -> redis.Redis:
        """A client of this server alone, with short timeouts."""
        return redis.Redis(port=self.port, **{"socket_timeout": 0.5, "socket_connect_timeout": 0.5,
                                              **self.client_options, **options})

    def _wait_until_ready(self) -> bool:
        assert self._process is not None
        client = self.client(socket_timeout=0.2, socket_connect_timeout=0.2)
        deadline = time.monotonic() + self.startup_timeout
        try:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    break
                try:
                    if client.ping():
                        return True
                except redis.RedisError:
                    time.sleep(0.02)
        finally:
            client.close()
        return False

    def stop(self) -> None:
        """Stop the server and delete its directory."""
        self._end_process()
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None

    def _end_process(self) -> None:
        """Terminate the process, resuming it first if paused so that it can exit."""
        process, self._process = self._process, None
        if process is None:
            return
        if self._paused:
            os.kill(process.pid, signal.SIGCONT)
            self._paused = False
        terminate(process, timeout=5)

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections open, nothing answers, like a hung Redis."""
        if self._process is not None and not self._paused:
            os.kill(self._process.pid, signal.SIGSTOP)
            self._paused = True

    def resume(self) -> None:
        """Unfreeze a paused server (SIGCONT)."""
        if self._process is not None and self._paused:
            os.kill(self._process.pid, signal.SIGCONT)
            self._paused = False

    def restart(self) -> Self:
        """Stop and start again on the same port, with an empty dataset."""
        self._end_process()
        return self.start()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
