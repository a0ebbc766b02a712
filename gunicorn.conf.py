"""gunicorn settings for a portal that mostly waits on Shopify's API.

Threaded workers fit I/O waits; each worker builds its own Redis and HTTP clients after fork
(wsgi.py is imported per worker because nothing is preloaded).
"""

import os

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
