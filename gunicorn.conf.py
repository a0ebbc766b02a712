"""gunicorn settings for a portal that mostly waits on Shopify's API.

Threaded workers fit I/O waits; each worker builds its own Redis and HTTP clients after fork
(wsgi.py is imported per worker because nothing is preloaded).
"""

import os
import tempfile
from pathlib import Path

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
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
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
# Order tokens are capabilities: the logger replaces them before a line is written.
logger_class = "portal.web.access_log.RedactingLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Metrics: each worker writes its counts to files in one directory and /metrics adds them up, so a
# scrape sees every worker. prometheus_client reads the variable when the worker imports it.
if os.environ.get("METRICS_TOKEN") or os.environ.get("METRICS_ALLOW_FROM"):
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="portal-metrics-"))


def on_starting(server):
    # Counts left by an earlier run of the same directory would be added to this run's.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
