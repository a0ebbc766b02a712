"""NginxProcess: Debian's nginx with the shipped site (deploy/nginx.conf) on a free 127.0.0.1
port in front of a portal, run unprivileged-style: its pid, logs and temp files in a temp prefix,
in the foreground (`daemon off`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from tests.support.redis_process import free_port, terminate

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx.conf"
INSTALL_HINT = "nginx was not found. Install it (Debian/Ubuntu: `apt-get install nginx`) and try again."

_MAIN = """daemon off;
worker_processes 1;
pid nginx.pid;
error_log error.log info;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path client_body;
    proxy_temp_path proxy;
    fastcgi_temp_path fastcgi;
    uwsgi_temp_path uwsgi;
    scgi_temp_path scgi;
    include {site};
}}
"""


def render_site(portal_port: int, listen: str) -> str:
    """deploy/nginx.conf with its placeholders filled, as the README's envsubst line does."""
    text = SITE.read_text()
    for name, value in (("PORTAL_PORT", str(portal_port)), ("NGINX_LISTEN", listen)):
        text = text.replace("${" + name + "}", value)
    return text


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise RuntimeError(INSTALL_HINT)
    return found


class NginxProcess:
    def __init__(self, portal_port: int) -> None:
        self.port = free_port()
        self._prefix = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        # Readable by the unprivileged worker user nginx switches to when started as root.
        self._prefix.chmod(0o755)
        (self._prefix / "portal.conf").write_text(render_site(portal_port, f"127.0.0.1:{self.port}"))
        (self._prefix / "nginx.conf").write_text(_MAIN.format(site=self._prefix / "portal.conf"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        log = self._prefix / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def start(self, timeout: float = 10.0) -> NginxProcess:
        """Start nginx and wait until it answers /healthz from the portal."""
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", f"{self._prefix}/", "-c", "nginx.conf"], cwd=self._prefix,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up and self.process.poll() is None:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        log = self.error_log()
        self.stop()
        raise RuntimeError("nginx did not start:\n" + log)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            terminate(process, timeout=10)
        shutil.rmtree(self._prefix, ignore_errors=True)

    def __enter__(self) -> NginxProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
