"""gunicorn settings for a portal that mostly waits on Shopify's API.

Threaded workers fit I/O waits; each worker builds its own Redis and HTTP clients after fork
(wsgi.py is imported per worker because nothing is preloaded). gunicorn reads requests itself,
byte by byte as clients send them: in production a buffering proxy stands in front (README,
"Running in production"), and gunicorn listens on 127.0.0.1 behind it (LISTEN_ADDRESS).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter
    from gunicorn.workers.base import Worker

bind = f"{os.environ.get('LISTEN_ADDRESS', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A lookup is bounded by SHOPIFY_TIMEOUT (8 s by default); a worker silent for longer is stuck.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage, but rarely: a new worker
# starts with empty per-worker caches and pays its imports, and at 2,000 requests a sale day's
# 500 requests/s per worker recycled each one every 4 s. A million lives about half an hour at
# that rate; the jitter keeps workers from recycling together.
max_requests = 1_000_000
max_requests_jitter = 100_000
accesslog = "-"
access_log_format = ('client=%(h)s request="%(r)s" status=%(s)s bytes=%(b)s seconds=%(L)s '
                     'request_id=%({x-request-id}o)s')
# Order tokens and App Proxy signatures are capabilities: the logger removes them from each line.
logger_class = "portal.web.access_log.RedactingLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Metrics: each worker writes its counts to files in one directory and /metrics adds them up, so a
# scrape sees every worker. prometheus_client reads the variable when the worker imports it.
if os.environ.get("METRICS_TOKEN") or os.environ.get("METRICS_ALLOW_FROM"):
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="portal-metrics-"))


def on_starting(server: Arbiter) -> None:
    # Counts left by an earlier run of the same directory would be added to this run's.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server: Arbiter, worker: Worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# The access log on stdout; everything else, the portal's INFO lines included, on stderr, one
# key=value line per event. A logger with a level but no handler would print only warnings.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.web.logs.RequestIdFilter"}},
    "formatters": {
        "events": {"()": "portal.web.logs.OneLineFormatter", "datefmt": "%Y-%m-%dT%H:%M:%S%z",
                   "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s "
                             "request_id=%(request_id)s %(message)s"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                   "formatter": "events", "filters": ["request_id"]},
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                   "formatter": "access"},
    },
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "portal": {"level": "INFO"},
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}


def when_ready(server: Arbiter) -> None:
    # Imported here, not at the top: importing the portal loads prometheus_client, which must
    # see PROMETHEUS_MULTIPROC_DIR set above first.
    from portal.web import serving

    log = server.log
    assert log is not None, "gunicorn sets up its logger before the arbiter is ready"
    for address in serving.exposed_addresses(server.cfg.address, os.environ):
        log.warning(serving.warning(address))
