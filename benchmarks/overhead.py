"""Benchmark 4: what the wrapper costs per call, against a bare ``requests.Session`` call.

Both sides fetch the same resource from the same sandbox over loopback, with the sandbox's
throttle off and the wrapper's limiter off (``requests_per_second=None``), so the figure is
the wrapper's own work: headers, query encoding, JSON with ``Decimal``, the envelope check and
the pydantic models. The bare side does the least any client does: send, then ``.json()``.

Calls alternate bare/wrapper so drift in the machine's load hits both sides alike; medians
rather than means keep a single scheduler hiccup from deciding the ratio. ``GET /orders/{id}``
cycles through all orders so the wrapper's six-fetches-per-order cache never answers instead
of the network (that would flatter the wrapper).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from benchmarks._common import bare_get, median_ms, ratio, sandbox_wrapper
from benchmarks._report import Row
from langchain_billbee.sandbox import BillbeeSandbox

__all__ = ["TARGET_RATIO", "run"]

TARGET_RATIO = 1.3
BENCHMARK = "4 overhead"


def _timed(call: Callable[[int], Any], i: int) -> float:
    start = time.perf_counter()
    call(i)
    return time.perf_counter() - start


def _compare(
    calls: int, bare: Callable[[int], Any], wrapped: Callable[[int], Any]
) -> tuple[float, float]:
    """Median seconds per call (bare, wrapper) over ``calls`` alternating pairs."""
    for i in range(min(5, calls)):  # warm-up: connection pool, imports, first model build
        bare(i)
        wrapped(i)
    bare_times: list[float] = []
    wrapper_times: list[float] = []
    for i in range(calls):
        bare_times.append(_timed(bare, i))
        wrapper_times.append(_timed(wrapped, i))
    return median_ms(bare_times), median_ms(wrapper_times)


def _row(subject: str, bare_ms: float, wrapper_ms: float) -> Row:
    factor = ratio(wrapper_ms, bare_ms)
    return Row(
        BENCHMARK,
        subject,
        f"{wrapper_ms:.2f} ms vs bare {bare_ms:.2f} ms = {factor:.2f}x",
        f"<= {TARGET_RATIO}x",
        factor <= TARGET_RATIO,
    )


def run(*, quick: bool = False) -> list[Row]:
    calls = 30 if quick else 300
    with BillbeeSandbox(throttle=False) as sandbox, requests.Session() as session:
        api = sandbox_wrapper(sandbox)
        ids = [o.bill_bee_order_id for o in api.list_orders(page_size=250).items]

        def bare_order(i: int) -> Any:
            return bare_get(session, sandbox, f"/orders/{ids[i % len(ids)]}").json()

        def wrapped_order(i: int) -> Any:
            return api.get_order(ids[i % len(ids)])

        def bare_page(i: int) -> Any:
            params = {"page": 1 + i % 4, "pageSize": 50}
            return bare_get(session, sandbox, "/orders", params).json()

        def wrapped_page(i: int) -> Any:
            return api.list_orders(page=1 + i % 4, page_size=50)

        order = _compare(calls, bare_order, wrapped_order)
        page = _compare(max(calls // 5, 5), bare_page, wrapped_page)
        api.close()
    return [
        _row("per call, GET /orders/{id} (1 order)", *order),
        _row("per call, GET /orders (50 orders)", *page),
    ]
