"""The benchmark's instruments: wrk spreads its load over every URL it is given and its figures
are read back right, and the bare hello runs under the portal's own gunicorn command."""

import re
from collections import Counter

from portal.demo.calls import Call
from tests.support.benchmark.shopify_use import Usage
from tests.support.benchmark.stack import HELLO_APP
from tests.support.benchmark.workers import CpuMeter, rss_mb
from tests.support.benchmark.wrk import parse, run_wrk
from tests.support.gunicorn_process import GunicornProcess

_ACCESS = re.compile(r'request="GET (/spread/\d+) HTTP/1.1" status=200')


def test_wrk_spreads_requests_over_every_path_and_counts_them():
    paths = [f"/spread/{number}" for number in range(12)]
    with GunicornProcess({"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}, HELLO_APP) as hello:
        meter = CpuMeter(hello.worker_pids())
        load = run_wrk(hello.url, paths, connections=4, seconds=1, threads=2)
        used = meter.used(hello.worker_pids())
        served = Counter(_ACCESS.findall(hello.log()))
        sizes = [rss_mb(pid) for pid in hello.worker_pids()]
    assert load.failed == 0 and load.requests > 50
    assert set(served) == set(paths), "every path was requested"
    # Round robin from each thread: no path gets more than one request more per thread.
    assert max(served.values()) - min(served.values()) <= 2, served
    # wrk counts the responses it read; a few more may have been served as it stopped.
    assert load.requests <= sum(served.values()) <= load.requests + 8
    assert 0 < load.p50_ms <= load.p99_ms
    assert used is not None and used > 0 and 5 < sizes[0] < 500


def test_wrk_figures_are_read_in_milliseconds_and_per_second():
    line = ("figures requests=3000 duration_us=2000000 p50_us=1500 p99_us=25000 connect=0 "
            "read=1 write=0 status=2 timeout=3\n")
    load = parse("Running 2s test\n" + line, connections=50)
    assert (load.requests, load.per_second, load.p50_ms, load.p99_ms, load.failed) == \
        (3000, 1500.0, 1.5, 25.0, 6)


def test_shopify_use_counts_the_points_charged_not_those_requested():
    calls = [Call("PortalOrder", None, 200, 0.0, 0.15, requested_cost=800, actual_cost=44),
             Call("PortalCandidates", None, 200, 0.0, 0.15, requested_cost=12, actual_cost=2),
             Call("PortalOrder", None, 200, 0.0, 0.15, errors=["Throttled"], requested_cost=800)]
    usage = Usage.of(calls)
    assert (usage.total, usage.points, usage.throttled) == (3, 46, 1)
    assert usage.calls == Counter({"PortalOrder": 2, "PortalCandidates": 1})
    assert (usage + Usage.of(calls[1:2])).points == 48
    assert usage.describe() == "3 calls (1 PortalCandidates, 2 PortalOrder, 1 throttled), 46 points"
