"""Runs every phase on the real stack, prints every figure, and exits 1 when a target is missed
or a figure cannot be trusted (a request failed, a page was not served from the cache)."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from tests.support.benchmark import phases, report
from tests.support.benchmark.orders import Pools
from tests.support.benchmark.stack import SHOPIFY_LATENCY, Stack, running_stack

CACHED_ORDERS = 120  # at least 100 distinct pages, so no one URL's response can stand in
FIRST_VIEWS = 150
NEW_IN_MIX = 70  # and 30 of them twice more: 100 repeats
WRONG_IN_MIX = 20  # and 10 of them again
BURST = 200
GENERATED_ORDERS = 400
LOOKUPS_AT_ONCE = 4
# One at a time: with four, how the connections fell on the two workers decided how much GIL
# hand-over each paid, and one build's figure ranged from 2.2 to 3.5 ms over four runs.
VIEWS_AT_ONCE = 1


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make benchmark", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per run")
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    return parser.parse_args(argv)


def measure(stack: Stack, options: argparse.Namespace) -> tuple[list[str], list[report.Check], list[str]]:
    """Return the figures' lines, the targets' checks, and what makes the figures untrustworthy."""
    pools = Pools(stack.shoppers)
    workers = len(stack.portal.worker_pids())
    progress(f"first lookups of {CACHED_ORDERS} orders")
    lookups, pages = phases.uncached_lookups(stack, pools.take(CACHED_ORDERS), LOOKUPS_AT_ONCE)
    progress(f"first views of {FIRST_VIEWS} more orders")
    views = phases.first_views(stack, pools.take(FIRST_VIEWS), VIEWS_AT_ONCE)
    threads = min(os.cpu_count() or 2, 4)
    runs = []
    for connections in options.connections:
        progress(f"cached pages and hello at {connections} connections")
        runs.append(phases.cached_pages(stack, pages, connections, options.seconds, threads))
    progress("a mix of lookups, then a burst of one order")
    parts = phases.mixed_lookups(stack, pools.take(NEW_IN_MIX), pools.take(WRONG_IN_MIX), 8)
    burst = phases.burst_of_one(stack, pools.take(1)[0], BURST)
    memory = phases.memory(stack.portal)
    lines = (report.cached_lines(runs, len(pages)) + report.lookup_lines(lookups, views)
             + report.shopify_lines(parts, burst) + report.memory_lines(memory, workers))
    return lines, report.checks(runs, views, parts, burst, memory), _doubts(lookups, views, runs, parts)


def progress(step: str) -> None:
    print(f"  ... {step}", file=sys.stderr, flush=True)


def _doubts(lookups: phases.Lookups, views: phases.FirstViews, runs: list[phases.Comparison],
            parts: list[phases.Part]) -> list[str]:
    doubts = [f"{lookups.failed} first lookups did not reach their order page"] if lookups.failed else []
    if views.failed:
        doubts.append(f"{views.failed} first views did not answer 200")
    if views.calls:
        doubts.append(f"first views asked Shopify {views.calls} times: their data was not cached")
    doubts += [f"{load.failed} requests failed at {load.connections} connections ({name})"
               for run in runs for name, load in (("page", run.page), ("hello", run.hello))
               if load.failed]
    doubts += [f"{part.unexpected} of the {part.name} answered unexpectedly"
               for part in parts if part.unexpected]
    return doubts


def main(argv: list[str]) -> int:
    options = arguments(argv)
    # Stopped from outside, still stop Redis and both gunicorns on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"Machine: {report.machine()}", flush=True)
    with running_stack(GENERATED_ORDERS) as stack:
        workers = len(stack.portal.worker_pids())
        print(f"The Procfile's command ({workers} gunicorn workers, Shopify answering in "
              f"{SHOPIFY_LATENCY * 1000:.0f} ms); wrk {options.seconds} s per run\n", flush=True)
        lines, found, doubts = measure(stack, options)
    print("\n".join(lines + [""] + report.check_lines(found)))
    for doubt in doubts:
        print(f"NOT TRUSTWORTHY: {doubt}")
    print(f"Machine at the end: {report.machine()}")
    return 0 if all(check.ok for check in found) and not doubts else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
