"""One REDIS_URL builds the client of the cache and the counters alike, with short timeouts
on every connection, for each scheme the README lists (built, not connected: the integration
tests connect to the real thing)."""

from __future__ import annotations

import pytest
from redis.connection import SSLConnection

from portal.store.connection import redis_client

SENTINELS = "redis+sentinel://:s3cret@127.0.0.1:1,127.0.0.2:2/portal"


def test_rediss_checks_the_certificate_against_the_given_ca():
    url = "rediss://:pw@redis.example:6380/2?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem"
    pool = redis_client(url).connection_pool
    assert pool.connection_class is SSLConnection
    kwargs = pool.connection_kwargs
    assert (kwargs["ssl_cert_reqs"], kwargs["ssl_ca_certs"]) == ("required", "/etc/ca.pem")
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == \
        ("redis.example", 6380, 2, "pw")
    assert kwargs["socket_timeout"] == kwargs["socket_connect_timeout"] == 0.25


def test_sentinel_urls_name_every_sentinel_the_service_and_the_password():
    client = redis_client(SENTINELS)
    pool = client.connection_pool
    assert pool.service_name == "portal"
    assert pool.connection_kwargs["password"] == "s3cret"
    assert pool.connection_kwargs["socket_timeout"] == 0.25
    sentinels = pool.sentinel_manager.sentinels
    assert [(s.connection_pool.connection_kwargs["host"], s.connection_pool.connection_kwargs["port"])
            for s in sentinels] == [("127.0.0.1", 1), ("127.0.0.2", 2)]
    assert all(s.connection_pool.connection_kwargs["socket_timeout"] == 0.25
               and s.connection_pool.connection_kwargs["password"] == "s3cret" for s in sentinels)


def test_sentinel_clients_read_the_master_not_a_lagging_replica():
    # The counters use this client too: counts must be read where they are written.
    assert redis_client(SENTINELS).connection_pool.is_master


def test_a_sentinel_url_without_a_service_name_is_refused():
    with pytest.raises(ValueError, match="service name"):
        redis_client("redis+sentinel://127.0.0.1:1")
