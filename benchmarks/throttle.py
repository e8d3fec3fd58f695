"""Benchmark 1: throttle utilisation against a sandbox that enforces 2 requests/second.

Four clients make the same N calls (``GET /products``) against a sandbox with Billbee's
throttle on; each client has its own sandbox and its own credentials, so no two share a
server-side budget or the wrapper's process-wide limiter:

- the wrapper, N calls from 8 threads;
- the ``billbee_list_products`` tool, N concurrent ``ainvoke`` calls through one wrapper;
- plain ``requests`` with no limiter, retrying each 429 after its ``Retry-After``;
- ``ratelimit`` used the naive way (``@sleep_and_retry @limits(calls=2, period=1)``), also
  retrying 429s.

Ideal: at 2 requests/second the first call goes at 0 s and the N-th at (N-1)/2 s, so the ideal
wall time is (N-1)/2 s (network time on loopback is negligible). A client sending pairs back to
back at each window edge could finish in ceil(N/2)-1 s, a little sooner; the wrapper spaces calls
0.5 s apart on purpose, because Billbee does not document how its window is aligned.

The four clients run at the same time to keep the benchmark short; they share only the CPU,
and at a few requests a second that is idle.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from langchain_core.messages import ToolMessage
from ratelimit import limits, sleep_and_retry

from benchmarks._common import bare_headers
from benchmarks._report import Row
from langchain_billbee._errors import BillbeeError
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.tools import BillbeeListProductsTool

__all__ = ["RATE", "TARGET_FACTOR", "ideal_seconds", "run"]

RATE = 2.0  # Billbee's throttle: requests per second per (API key, user)
TARGET_FACTOR = 1.05
THREADS = 8
MAX_ATTEMPTS = 30  # a baseline call gives up after this many 429s
BENCHMARK = "1 throttle"


def ideal_seconds(calls: int, rate: float = RATE) -> float:
    """Wall time of ``calls`` requests sent back to back at exactly ``rate`` per second."""
    return max(calls - 1, 0) / rate


@dataclass
class Outcome:
    seconds: float
    rate_limited: int  # 429s the sandbox answered
    failed: int  # calls that never succeeded


def _sandbox(name: str) -> BillbeeSandbox:
    # Own credentials per client: the wrapper's limiter is keyed by (API key, user).
    return BillbeeSandbox(throttle=True, api_key=f"bench-{name}-key", username=f"{name}@bench")


def _wrapper_threads(sandbox: BillbeeSandbox, calls: int) -> int:
    api = sandbox.api_wrapper()

    def call(i: int) -> bool:
        try:
            api.list_products(page=1 + i % 5, page_size=5)
        except BillbeeError:
            return False
        return True

    with ThreadPoolExecutor(THREADS) as pool:
        failed = sum(1 for ok in pool.map(call, range(calls)) if not ok)
    api.close()
    return failed


def _tool_ainvoke(sandbox: BillbeeSandbox, calls: int) -> int:
    tool = BillbeeListProductsTool(api_wrapper=sandbox.api_wrapper())

    async def one(i: int) -> ToolMessage:
        call = {
            "type": "tool_call",
            "id": f"c{i}",
            "name": tool.name,
            "args": {"page": 1 + i % 5, "page_size": 5},
        }
        message = await tool.ainvoke(call)
        assert isinstance(message, ToolMessage)
        return message

    async def all_calls() -> list[ToolMessage]:
        return await asyncio.gather(*(one(i) for i in range(calls)))

    messages = asyncio.run(all_calls())
    tool.api_wrapper.close()
    return sum(1 for m in messages if m.status == "error")


def _retrying(send: Callable[[int], requests.Response]) -> Callable[[int], bool]:
    """A baseline call: send, and on 429 wait Retry-After (else 1 s) and send again."""

    def call(i: int) -> bool:
        for _ in range(MAX_ATTEMPTS):
            response = send(i)
            if response.status_code != 429:
                return response.ok
            time.sleep(float(response.headers.get("Retry-After") or 1))
        return False

    return call


def _bare_sender(sandbox: BillbeeSandbox) -> Callable[[int], requests.Response]:
    local = threading.local()
    url, headers = sandbox.base_url + "/products", bare_headers(sandbox)

    def send(i: int) -> requests.Response:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        params = {"page": 1 + i % 5, "pageSize": 5}
        session: requests.Session = local.session
        return session.get(url, params=params, headers=headers, timeout=30)

    return send


def _plain_requests(sandbox: BillbeeSandbox, calls: int) -> int:
    call = _retrying(_bare_sender(sandbox))
    with ThreadPoolExecutor(THREADS) as pool:
        return sum(1 for ok in pool.map(call, range(calls)) if not ok)


def _naive_ratelimit(sandbox: BillbeeSandbox, calls: int) -> int:
    send = sleep_and_retry(limits(calls=2, period=1)(_bare_sender(sandbox)))
    call = _retrying(send)
    with ThreadPoolExecutor(THREADS) as pool:
        return sum(1 for ok in pool.map(call, range(calls)) if not ok)


Client = Callable[[BillbeeSandbox, int], int]
CLIENTS: tuple[tuple[str, str, Client], ...] = (
    ("threads", "wrapper, 8 threads", _wrapper_threads),
    ("ainvoke", "tool, concurrent ainvoke", _tool_ainvoke),
    ("plain", "plain requests, retry on 429", _plain_requests),
    ("naive", "ratelimit calls=2 period=1", _naive_ratelimit),
)


def _measure(name: str, client: Client, calls: int) -> Outcome:
    with _sandbox(name) as sandbox:
        start = time.perf_counter()
        failed = client(sandbox, calls)
        seconds = time.perf_counter() - start
        return Outcome(seconds, sandbox.stats.throttled, failed)


def _row(label: str, calls: int, outcome: Outcome, judged: bool) -> Row:
    ideal = ideal_seconds(calls)
    factor = outcome.seconds / ideal if ideal else float("inf")
    figure = (
        f"{calls} calls in {outcome.seconds:.2f} s vs ideal {ideal:.2f} s = {factor:.3f}x; "
        f"{outcome.rate_limited} x 429"
    )
    if outcome.failed:
        figure += f"; {outcome.failed} calls failed"
    if not judged:
        return Row(BENCHMARK, label, figure, "baseline")
    met = factor <= TARGET_FACTOR and outcome.rate_limited == 0 and not outcome.failed
    return Row(BENCHMARK, label, figure, f"<= {TARGET_FACTOR}x ideal, 0 x 429", met)


def run(*, quick: bool = False) -> list[Row]:
    calls = 8 if quick else 40
    with ThreadPoolExecutor(len(CLIENTS)) as pool:
        futures = [pool.submit(_measure, name, client, calls) for name, _, client in CLIENTS]
        outcomes = [f.result() for f in futures]
    rows = [
        _row(label, calls, outcome, judged=name in ("threads", "ainvoke"))
        for (name, label, _), outcome in zip(CLIENTS, outcomes, strict=True)
    ]
    ideal = ideal_seconds(calls)
    pairs = math.ceil(calls / 2) - 1
    note = (
        f"ideal: N calls at {RATE:g}/s take (N-1)/{RATE:g} s = {ideal:.2f} s for N={calls} "
        f"(bursts of 2 at window edges: {pairs} s)"
    )
    return [Row(BENCHMARK, "definition", note), *rows]
