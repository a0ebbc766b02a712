"""The production set-up survives slow clients: nginx with deploy/nginx.conf in front of the
Procfile's gunicorn reads each request whole, so clients sending a byte at a time hold no worker
thread, and nginx closes them within its header and body timeouts."""

from __future__ import annotations

import re
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest
import requests

from tests.support.gunicorn_process import GunicornProcess
from tests.support.helpers import gunicorn_settings, post_lookup
from tests.support.nginx_process import SITE, NginxProcess

SLOW_CONNECTIONS = 200
DRIP_EVERY = 0.5
# A body dripper sends this long, then stalls as a loris does between its bytes.
BODY_DRIP_SECONDS = 3.0
GRACE = 4.0


def timeout_of(directive: str) -> float:
    """A timeout as deploy/nginx.conf sets it, so the test follows the shipped numbers."""
    match = re.search(rf"^\s*{directive} (\d+)s;", SITE.read_text(), re.MULTILINE)
    assert match, f"deploy/nginx.conf sets no {directive}"
    return float(match.group(1))


@dataclass
class SlowClient:
    sock: socket.socket
    drip: bytes
    drip_until: float
    opened: float = field(default_factory=time.monotonic)
    last_sent: float = field(default_factory=time.monotonic)
    closed_at: float | None = None


def open_slow_client(port: int, body: bool) -> SlowClient:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if body:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n")
    else:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    sock.setblocking(False)
    started = time.monotonic()
    return SlowClient(sock, b"a" if body else b"X", started + (BODY_DRIP_SECONDS if body else 1e9))


def drip_until_closed(clients: list[SlowClient], give_up: float) -> None:
    """Send each client's next byte every DRIP_EVERY seconds (while it still drips) and note when
    the server closes it; stops when all are closed or at `give_up`."""
    selector = selectors.DefaultSelector()
    for client in clients:
        selector.register(client.sock, selectors.EVENT_READ, client)
    while selector.get_map() and time.monotonic() < give_up:
        for key, _ in selector.select(timeout=0.1):
            try:
                if key.data.sock.recv(4096):
                    continue  # nginx's 408 page; the close follows
            except OSError:
                pass
            key.data.closed_at = time.monotonic()
            selector.unregister(key.data.sock)
        now = time.monotonic()
        for key in list(selector.get_map().values()):
            client = key.data
            if now < client.drip_until and now - client.last_sent >= DRIP_EVERY:
                try:
                    client.sock.send(client.drip)
                    client.last_sent = now
                except OSError:
                    client.closed_at = now
                    selector.unregister(client.sock)
    selector.close()


def timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    status = requests.get(url, timeout=5).status_code
    return status, time.monotonic() - started


@pytest.fixture
def production(shopify, redis_url, redis_db):
    """The Procfile's gunicorn on loopback, nginx in front of it, as the README sets them up."""
    settings = gunicorn_settings(shopify, redis_url, TRUSTED_PROXIES="1")
    with GunicornProcess(settings) as gunicorn, NginxProcess(gunicorn.port) as nginx:
        yield nginx


def test_slow_clients_neither_stop_the_portal_nor_stay_connected(production):
    found = post_lookup(production.url, "1001", "alice.martin@example.com")
    assert found.status_code == 303
    order_page = production.url + found.headers["Location"]
    assert requests.get(order_page, timeout=5).status_code == 200  # now cached
    header_timeout, body_timeout = timeout_of("client_header_timeout"), timeout_of("client_body_timeout")

    clients = [open_slow_client(production.port, body=n % 2 == 1) for n in range(SLOW_CONNECTIONS)]
    give_up = time.monotonic() + max(header_timeout, BODY_DRIP_SECONDS + body_timeout) + 2 * GRACE
    dripper = threading.Thread(target=drip_until_closed, args=(clients, give_up))
    dripper.start()
    probes = []
    while dripper.is_alive() and len(probes) < 40:
        probes += [timed_get(production.url + "/healthz"), timed_get(order_page)]
        time.sleep(0.25)
    dripper.join(timeout=give_up - time.monotonic() + 5)
    for client in clients:
        client.sock.close()

    assert len(probes) >= 20, "the portal was probed while the slow clients were connected"
    assert all(status == 200 for status, _ in probes), probes
    assert max(seconds for _, seconds in probes) < 1.0, sorted(s for _, s in probes)[-5:]
    open_at_end = [c for c in clients if c.closed_at is None]
    assert not open_at_end, f"{len(open_at_end)} slow connections were never closed"
    for client in clients:
        body = client.drip == b"a"
        # The header has one deadline from the start; the body one from its last byte.
        bound = (client.drip_until + body_timeout) if body else (client.opened + header_timeout)
        assert client.closed_at <= bound + GRACE, (body, client.closed_at - client.opened)
