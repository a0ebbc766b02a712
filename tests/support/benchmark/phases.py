"""The benchmark's phases, each on orders of its own: what a first lookup takes, what a first view
of an order page costs in CPU, how fast cached pages come against a bare hello, what lookups ask
of Shopify, and what the workers hold in memory afterwards."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from tests.support.benchmark.orders import Shopper
from tests.support.benchmark.shopify_use import CallWatch, Usage
from tests.support.benchmark.shoppers import burst, get_all, look_up_all
from tests.support.benchmark.stack import Stack
from tests.support.benchmark.workers import CpuMeter, rss_mb
from tests.support.benchmark.wrk import Load, run_wrk
from tests.support.gunicorn_process import GunicornProcess


def percentile(samples: list[float], point: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[point - 1]


@dataclass(frozen=True)
class Lookups:
    """Uncached lookups, form to order page, `at_once` shoppers at a time."""

    count: int
    at_once: int
    p50_ms: float
    p99_ms: float
    failed: int


def uncached_lookups(stack: Stack, shoppers: list[Shopper], at_once: int) -> tuple[Lookups, list[str]]:
    """Look each order up for the first time; return the latency and the order pages' paths."""
    visits = look_up_all(stack.portal.url, shoppers, at_once)
    pages = [visit.page for visit in visits if visit.status == 200 and visit.page]
    times = [visit.seconds * 1000 for visit in visits]
    return Lookups(len(visits), at_once, percentile(times, 50), percentile(times, 99),
                   len(visits) - len(pages)), pages


@dataclass(frozen=True)
class FirstViews:
    """Workers' CPU per view of order pages whose data was cached but never rendered, and per
    view of the same pages again; and the hello's per request, measured just before and after
    in the same way, as the yardstick of how fast the machine ran meanwhile."""

    count: int
    first_ms: float | None
    again_ms: float | None
    hello_ms: float | None
    calls: int
    failed: int

    @property
    def first_to_hello(self) -> float | None:
        return None if self.first_ms is None or not self.hello_ms else self.first_ms / self.hello_ms


def first_views(stack: Stack, shoppers: list[Shopper], at_once: int) -> FirstViews:
    base = stack.portal.url
    found = [visit.page for visit in look_up_all(base, shoppers, 8, follow=False) if visit.page]
    # The calendar link reads the order through the same reader as the page, so the order's
    # data is fetched and cached, but the order page itself is never rendered.
    get_all(base, [page + "/delivery-0.ics" for page in found], 8)
    # The same machine runs this phase several tenths faster or slower from one minute to the
    # next: the hello, served the same way around the views, says by how much.
    hello_before, _ = _cpu_per_get(stack.hello, found, at_once)
    watch = CallWatch(stack.shopify)
    first, first_statuses = _cpu_per_get(stack.portal, found, at_once)
    calls = watch.usage().total
    again, again_statuses = _cpu_per_get(stack.portal, found, at_once)
    hello_after, _ = _cpu_per_get(stack.hello, found, at_once)
    hello = None if hello_before is None or hello_after is None else (hello_before + hello_after) / 2
    failed = len(shoppers) - len(found) + sum(
        status != 200 for status in first_statuses + again_statuses)
    return FirstViews(len(found), first, again, hello, calls, failed)


def _cpu_per_get(server: GunicornProcess, paths: list[str], at_once: int) -> tuple[float | None, list[int]]:
    meter = CpuMeter(server.worker_pids())
    statuses = get_all(server.url, paths, at_once)
    used = meter.used(server.worker_pids())
    return (None if used is None else used * 1000 / len(paths)), statuses


@dataclass(frozen=True)
class Comparison:
    """Cached order pages and the bare hello under the same load; workers' CPU per request."""

    page: Load
    hello: Load
    page_cpu_ms: float | None
    hello_cpu_ms: float | None
    shopify_calls: int

    @property
    def speed_ratio(self) -> float:
        return self.page.per_second / self.hello.per_second

    @property
    def p99_ratio(self) -> float:
        return self.page.p99_ms / self.hello.p99_ms


def cached_pages(stack: Stack, pages: list[str], connections: int, seconds: int,
                 threads: int) -> Comparison:
    watch = CallWatch(stack.shopify)
    page, page_cpu = _under_load(stack.portal, pages, connections, seconds, threads)
    calls = watch.usage().total
    hello, hello_cpu = _under_load(stack.hello, pages, connections, seconds, threads)
    return Comparison(page, hello, page_cpu, hello_cpu, calls)


def _under_load(server: GunicornProcess, paths: list[str], connections: int, seconds: int,
                threads: int) -> tuple[Load, float | None]:
    meter = CpuMeter(server.worker_pids())
    load = run_wrk(server.url, paths, connections, seconds, threads)
    used = meter.used(server.worker_pids())
    return load, (None if used is None or not load.requests else used * 1000 / load.requests)


@dataclass(frozen=True)
class Part:
    """One kind of lookup in the mix: how many, what Shopify was asked, how many answered
    other than expected (an order page, or "not found" for a wrong guess)."""

    name: str
    lookups: int
    usage: Usage
    unexpected: int


def mixed_lookups(stack: Stack, new: list[Shopper], wrong: list[Shopper], at_once: int) -> list[Part]:
    """First lookups of new orders, the same orders looked up again within the cache period
    (some twice), wrong guesses (a mistyped email), and half of those wrong guesses again."""
    mistyped = [Shopper(shopper.number, "x" + shopper.email) for shopper in wrong]
    plan = (("new orders", new, 200), ("repeat lookups", new + new[:len(new) * 3 // 7], 200),
            ("wrong guesses", mistyped, 404), ("the same wrong guess again",
                                               mistyped[:len(mistyped) // 2], 404))
    parts = []
    for name, shoppers, expected in plan:
        watch = CallWatch(stack.shopify)
        visits = look_up_all(stack.portal.url, shoppers, at_once)
        parts.append(Part(name, len(visits), watch.usage(),
                          sum(visit.status != expected for visit in visits)))
    return parts


@dataclass(frozen=True)
class Burst:
    count: int
    answers: Counter[int]
    usage: Usage


def burst_of_one(stack: Stack, shopper: Shopper, count: int) -> Burst:
    """`count` shoppers submit the same, never looked-up order at once."""
    watch = CallWatch(stack.shopify)
    visits = burst(stack.portal.url, shopper, count)
    return Burst(count, Counter(visit.status for visit in visits), watch.usage())


@dataclass(frozen=True)
class Memory:
    rss_mb: list[float]
    workers_started: int


def memory(server: GunicornProcess) -> Memory:
    """Resident memory of each worker now, and how many workers were started since boot."""
    pids = server.worker_pids()
    return Memory([rss_mb(pid) for pid in pids], server.log().count("Booting worker with pid"))
