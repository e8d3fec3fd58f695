"""Benchmark 7: one Billbee budget across processes (Redis), fair queuing, Redis's cost.

- **processes**: 4 processes × 20 calls on one API key against a sandbox enforcing 2/s: wall
  time against the ideal for 80 calls at 2/s, and the 429s, with the budget shared through Redis
  and with each process on its own (the default without ``rate_limit_url``); then the same with
  the four processes' clocks skewed by -0.3 … +0.3 s, as on separate hosts.
- **fairness**: 50 threads × 4 calls through one pair's pace (at 25/s, so it takes seconds):
  the longest wait against a fair share (every thread queued once: threads × spacing), for the
  arrival-order queue and for a plain ``ratelimit`` gate where whoever wakes first goes.
- **overhead**: the Redis reservation round trip per call, against the 0.52 s spacing.

The quick run uses threads instead of processes (2 × 3 calls; each wrapper has its own clock,
so its own in-process budget, as a process would), 12 threads × 2 calls and fewer round trips.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ratelimit import RateLimitDecorator, RateLimitException

from benchmarks._report import Row
from benchmarks.throttle import TARGET_FACTOR, ideal_seconds
from langchain_billbee._redis_budget import redis_budget
from langchain_billbee._throttle import LocalBudget, period_for
from langchain_billbee.sandbox import BillbeeSandbox

__all__ = ["run"]

BENCHMARK = "7 scale"
FAIR_TARGET = 1.2
REPO = Path(__file__).resolve().parent.parent


@contextmanager
def _redis() -> Iterator[str | None]:
    """A throwaway redis-server on a free port, or None when none can be started here."""
    from tests.redis._server import RedisServer

    try:
        server = RedisServer()
        server.start()
    except BaseException:  # pytest's skip/fail outcomes: no redis-server on this machine
        yield None
        return
    try:
        yield server.url
    finally:
        server.close()


def _stand_ins(label: str, calls: int, url: str | None, skews: list[float]) -> tuple[float, int]:
    """The quick run's processes: one thread per skew, each wrapper with its own clock and so
    its own in-process budget, as a separate process would have (no interpreter start-ups)."""
    with BillbeeSandbox(throttle=True, api_key=f"bench-scale-{label}") as sandbox:
        sandbox.state.data  # noqa: B018 - the demo shop is generated now, not in the first call
        apis = [
            sandbox.api_wrapper(rate_limit_url=url, max_retries=30,
                                clock=lambda skew=skew: time.monotonic() + skew)
            for skew in skews
        ]  # fmt: skip
        for api in apis:
            api._budget().wait("pace", None)  # warm, as in the worker processes
        start = time.time()
        with ThreadPoolExecutor(len(apis)) as pool:
            list(pool.map(lambda api: [api.list_products(page_size=5) for _ in range(calls)], apis))
        return time.time() - start, sandbox.stats.throttled


def _processes(label: str, calls: int, url: str | None, skews: list[float]) -> tuple[float, int]:
    """Wall seconds (first call to last answer) and 429s of one worker process per skew,
    sharing one key of their own sandbox."""
    with BillbeeSandbox(throttle=True, api_key=f"bench-scale-{label}") as sandbox:
        sandbox.state.data  # noqa: B018 - the demo shop is generated now, not in the first call
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "BILLBEE_USERNAME": sandbox.username,
            "BILLBEE_API_PASSWORD": sandbox.api_password,
            "BILLBEE_API_KEY": sandbox.api_key,
            "BILLBEE_BASE_URL": sandbox.base_url,
            "BILLBEE_RATE_LIMIT_URL": url or "",
        }
        command = [sys.executable, "-m", "benchmarks._scale_worker", str(calls)]
        workers = [
            subprocess.Popen(
                [*command, str(skew)],
                env=env,
                cwd=REPO,
                text=True,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            for skew in skews
        ]
        try:
            return _go(workers), sandbox.stats.throttled
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                    w.wait()


def _go(workers: list[subprocess.Popen[str]]) -> float:
    """Start every (ready) worker at once; seconds until the last one's last answer."""
    for w in workers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    start = time.time()
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    ends = [float(w.communicate(timeout=600)[0].split()[-1]) for w in workers]
    return max(ends) - start


def _process_rows(url: str | None, quick: bool) -> list[Row]:
    count, calls = (2, 3) if quick else (4, 20)
    ideal = ideal_seconds(count * calls)
    who = "threads standing in for processes" if quick else "processes"
    definition = f"{count} {who} x {calls} calls, one key, sandbox at 2/s; ideal {ideal:.1f} s"
    measure = _stand_ins if quick else _processes
    cases = [
        ("shared Redis", url, [0.0] * count),
        ("per process (no Redis)", None, [0.0] * count),
        ("shared Redis, clocks -0.3..+0.3 s", url, [-0.3, 0.3, -0.1, 0.1][:count]),
    ]
    # The three runs overlap (own sandbox and key each) to keep the benchmark short.
    with ThreadPoolExecutor(len(cases)) as pool:
        futures = {
            label: pool.submit(measure, str(i), calls, where, skews)
            for i, (label, where, skews) in enumerate(cases)
            if where is not None or not label.startswith("shared")
        }
        results = {label: future.result() for label, future in futures.items()}
    rows = [Row(BENCHMARK, "definition", definition)]
    for label, where, _skews in cases:
        if label not in results:
            rows.append(Row(BENCHMARK, label, "redis-server not found", "", measured=False))
            continue
        seconds, limited = results[label]
        figure = f"{seconds:.2f} s = {seconds / ideal:.3f}x ideal; {limited} x 429"
        if where is None:
            rows.append(Row(BENCHMARK, label, figure, "baseline"))
        else:
            met = seconds / ideal <= TARGET_FACTOR and limited == 0
            rows.append(Row(BENCHMARK, label, figure, f"<= {TARGET_FACTOR}x, 0 x 429", met))
    return rows


def _fifo(rate: float) -> Callable[[], None]:
    budget = LocalBudget(time.monotonic)
    budget.allow(rate)
    return lambda: budget.acquire("pace", None, time.sleep)


def _first_awake(rate: float) -> Callable[[], None]:
    """The limiter before fair queuing: a ratelimit gate, retried by whoever wakes first."""
    window = RateLimitDecorator(calls=1, period=period_for(rate))
    window.last_reset = float("-inf")
    gate, lock = window(lambda: None), threading.Lock()

    def acquire() -> None:
        while True:
            with lock:
                try:
                    gate()
                    return
                except RateLimitException as exc:
                    wait = float(exc.period_remaining)
            time.sleep(wait)

    return acquire


def _max_wait(acquire: Callable[[], None], threads: int, calls: int) -> float:
    waits: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker() -> None:
        barrier.wait()
        for _ in range(calls):
            asked = time.perf_counter()
            acquire()
            with lock:
                waits.append(time.perf_counter() - asked)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return max(waits)


def _fairness_rows(quick: bool) -> list[Row]:
    threads, calls, rate = (12, 2, 25.0) if quick else (50, 4, 25.0)
    fair = threads * period_for(rate)
    rows = []
    for label, limiter, judged in (("arrival order (ours)", _fifo, True),
                                   ("first awake (before)", _first_awake, False)):  # fmt: skip
        worst = _max_wait(limiter(rate), threads, calls)
        figure = f"{threads} threads x {calls}: max wait {worst:.2f} s / fair {fair:.2f} s = " \
                 f"{worst / fair:.2f}"  # fmt: skip
        target = f"<= {FAIR_TARGET}" if judged else "baseline"
        rows.append(Row(BENCHMARK, f"fairness, {label}", figure, target,
                        worst / fair <= FAIR_TARGET if judged else None))  # fmt: skip
    return rows


def _overhead_row(url: str | None, quick: bool) -> Row:
    if url is None:
        return Row(BENCHMARK, "Redis round trip", "redis-server not found", "", measured=False)
    budget = redis_budget(url, "bench-key", "bench@example.com", LocalBudget(time.monotonic))
    budget.allow(1_000_000.0)  # spacing ~20 ms margin only; reservations mostly wait nothing
    samples = []
    for i in range(50 if quick else 500):
        start = time.perf_counter()
        budget.acquire("order", i, lambda _s: None)  # a fresh key: one reservation, no wait
        samples.append(time.perf_counter() - start)
    per_call = statistics.median(samples) * 1000
    share = per_call / (period_for(2.0) * 1000) * 100
    return Row(BENCHMARK, "Redis round trip", f"{per_call:.2f} ms per call = {share:.2f} % of "
               "the 0.52 s spacing", "small against 0.52 s", share < 5)  # fmt: skip


def run(*, quick: bool = False) -> list[Row]:
    with _redis() as url:
        rows = _process_rows(url, quick)
        rows.extend(_fairness_rows(quick))
        rows.append(_overhead_row(url, quick))
    return rows
