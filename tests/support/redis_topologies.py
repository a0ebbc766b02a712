"""What operators run instead of one Redis, built from `redis-server` on loopback ports: a Redis
Cluster of three masters, a master and replica watched by three Sentinels, and a TLS server with
a certificate made here. Each gives the REDIS_URL the portal reads."""

from __future__ import annotations

import datetime
import ipaddress
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Self

import redis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.redis_process import RedisProcess, RedisUnavailable, free_port


def _wait_for(check, what: str, timeout: float) -> None:
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        try:
            if check():
                return
        except redis.RedisError:
            pass
        time.sleep(0.1)
    raise RedisUnavailable(f"{what} within {timeout:.0f} s")


class Topology:
    """Servers started together and stopped together, even when one of them fails to start."""

    def __init__(self) -> None:
        self._stack = ExitStack()

    def _run(self, server: RedisProcess) -> RedisProcess:
        return self._stack.enter_context(server)

    def stop(self) -> None:
        self._stack.close()

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        raise NotImplementedError


class RedisClusterProcesses(Topology):
    """Three masters, no replicas: `redis-cli --cluster create` shares the 16,384 slots out."""

    def start(self) -> None:
        self.nodes = [self._run(RedisProcess(
            free_port(), args=["--cluster-enabled", "yes", "--cluster-port", str(free_port()),
                               "--cluster-node-timeout", "2000"])) for _ in range(3)]
        addresses = [f"127.0.0.1:{node.port}" for node in self.nodes]
        subprocess.run(["redis-cli", "--cluster", "create", *addresses, "--cluster-replicas", "0",
                        "--cluster-yes"], check=True, capture_output=True, timeout=30)
        for node in self.nodes:
            client = node.client(decode_responses=True)
            _wait_for(lambda c=client: c.cluster("INFO")["cluster_state"] == "ok",
                      "the cluster did not agree on its slots", 20)

    @property
    def url(self) -> str:
        return "redis+cluster://" + ",".join(f"127.0.0.1:{node.port}" for node in self.nodes)


class SentinelGroup(Topology):
    """A master and its replica, watched by three Sentinels that agree (quorum 2) within about
    a second that the master is gone, then promote the replica."""

    SERVICE = "portal"

    def start(self) -> None:
        self.master = self._run(RedisProcess())
        self.replica = self._run(RedisProcess(args=["--replicaof", "127.0.0.1",
                                                    str(self.master.port)]))
        config = (f"sentinel monitor {self.SERVICE} 127.0.0.1 {self.master.port} 2\n"
                  f"sentinel down-after-milliseconds {self.SERVICE} 1000\n"
                  f"sentinel failover-timeout {self.SERVICE} 10000\n")
        self.sentinels = [self._run(RedisProcess(args=["--sentinel"], config=config))
                          for _ in range(3)]
        _wait_for(self._replica_in_sync, "the replica did not sync", 20)
        _wait_for(lambda: all(self._known_sentinels(s) >= 2 for s in self.sentinels),
                  "the Sentinels did not find each other", 30)

    def _replica_in_sync(self) -> bool:
        info = self.replica.client().info("replication")
        return info.get("master_link_status") == "up"

    def _known_sentinels(self, sentinel: RedisProcess) -> int:
        master = sentinel.client(decode_responses=True).execute_command(
            "SENTINEL", "MASTER", self.SERVICE)
        fields = dict(zip(master[::2], master[1::2], strict=True))
        return int(fields["num-other-sentinels"])

    @property
    def url(self) -> str:
        hosts = ",".join(f"127.0.0.1:{sentinel.port}" for sentinel in self.sentinels)
        return f"redis+sentinel://{hosts}/{self.SERVICE}"

    def master_port(self) -> int:
        host, port = self.sentinels[0].client(decode_responses=True).execute_command(
            "SENTINEL", "GET-MASTER-ADDR-BY-NAME", self.SERVICE)
        return int(port)

    def kill_master(self, timeout: float = 30) -> float:
        """Stop the master and wait until the Sentinels name the replica; return the seconds
        the failover took."""
        started = time.monotonic()
        self.master.stop()
        _wait_for(lambda: self.master_port() == self.replica.port
                  and self.replica.client().info("replication")["role"] == "master",
                  "the Sentinels did not promote the replica", timeout)
        return time.monotonic() - started


class TlsRedis(Topology):
    """redis-server speaking only TLS, with a certificate for 127.0.0.1 signed by a CA made here."""

    def start(self) -> None:
        self._directory = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="portal-tls-"))
        self.ca_file = make_certificates(Path(self._directory))
        folder = Path(self._directory)
        port = free_port()
        self.server = self._run(RedisProcess(
            port, args=["--port", "0", "--tls-port", str(port),
                        "--tls-cert-file", str(folder / "server.pem"),
                        "--tls-key-file", str(folder / "server.key"),
                        "--tls-ca-cert-file", str(self.ca_file), "--tls-auth-clients", "no"],
            client_options={"ssl": True, "ssl_ca_certs": str(self.ca_file)}))

    @property
    def url(self) -> str:
        return (f"rediss://127.0.0.1:{self.server.port}/0"
                f"?ssl_cert_reqs=required&ssl_ca_certs={self.ca_file}")


def make_certificates(folder: Path) -> Path:
    """Write a CA (ca.pem) and a server certificate for 127.0.0.1 it signed (server.pem,
    server.key) into `folder`; return the CA's path."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
              .issuer_name(ca_name).public_key(key.public_key())
              .serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(minutes=5))
              .not_valid_after(now + datetime.timedelta(days=1))
              .add_extension(x509.SubjectAlternativeName(
                  [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                  critical=False)
              .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()))
    return folder / "ca.pem"
