"""One REDIS_URL for the order cache and every limit, in the storage URI schemes the `limits`
library uses too, so a single setting reaches one server, a TLS server, Sentinel or a Cluster:

    redis://host:port/db         rediss://host:port/db?ssl_cert_reqs=required&ssl_ca_certs=/ca.pem
    redis+sentinel://[:password@]host:port[,host:port...]/SERVICE_NAME
    redis+cluster://[:password@]host:port[,host:port...]

Every client here gives up quickly: redis-py's defaults wait forever on a frozen server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import redis
from redis.backoff import NoBackoff
from redis.cluster import ClusterNode, RedisCluster
from redis.exceptions import RedisClusterException
from redis.retry import Retry
from redis.sentinel import Sentinel

SENTINEL = "redis+sentinel"
CLUSTER = "redis+cluster"
# Everything a Redis call may raise that means "Redis is not answering right now": a cluster
# that cannot be mapped raises RedisClusterException, which is no RedisError.
REDIS_ERRORS: tuple[type[Exception], ...] = (redis.RedisError, RedisClusterException)


def redis_options(timeout: float = 0.25) -> dict[str, Any]:
    """Connection options under which every Redis call gives up quickly: redis-py's defaults
    wait forever on a frozen server and retry three times with growing pauses."""
    return {"socket_timeout": timeout, "socket_connect_timeout": timeout,
            "retry": Retry(NoBackoff(), 1)}


@dataclass(frozen=True)
class _Servers:
    """The parts of a sentinel or cluster URL: several host:port pairs, a password, a path."""

    nodes: tuple[tuple[str, int], ...]
    password: str | None
    service: str


def _servers(url: str) -> _Servers:
    parts = urlsplit(url)
    auth, _, hosts = parts.netloc.rpartition("@")
    password = unquote(auth.partition(":")[2]) or None
    nodes = []
    for host in hosts.split(","):
        name, colon, port = host.rpartition(":")
        nodes.append((name, int(port)) if colon else (host, 6379))
    return _Servers(tuple(nodes), password, unquote(parts.path.strip("/")))


def scheme(url: str) -> str:
    return url.partition("://")[0].lower()


def redis_client(url: str) -> redis.Redis | RedisCluster:
    """Return a client for the order cache from REDIS_URL, with short timeouts and strings."""
    options = {**redis_options(), "decode_responses": True}
    kind = scheme(url)
    if kind == CLUSTER:
        servers = _servers(url)
        return RedisCluster(startup_nodes=[ClusterNode(host, port) for host, port in servers.nodes],
                            password=servers.password, **options)
    if kind == SENTINEL:
        servers = _servers(url)
        if not servers.service:
            raise ValueError("a redis+sentinel:// URL ends with the service name, e.g. /mymaster")
        sentinel = Sentinel(list(servers.nodes), password=servers.password,
                            sentinel_kwargs=_sentinel_options(servers.password), **options)
        master: redis.Redis = sentinel.master_for(servers.service)
        return master
    return redis.Redis.from_url(url, health_check_interval=30, **options)


def _sentinel_options(password: str | None) -> dict[str, Any]:
    # Asking a Sentinel for the master must give up as quickly as asking the master.
    options = redis_options()
    return {**options, "password": password} if password else options
