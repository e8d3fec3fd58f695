"""A bounded soak: a few hundred mixed tool calls from several threads, ~10% of them faulted.

Time is compressed tenfold so the soak stays short while "zero 429s caused by us" keeps its
meaning. The sandbox runs in a process of its own, as Billbee is another machine
(:mod:`tests.reliability._soak_shop` says why that matters). Its general throttle allows 2
requests per 0.05 s (half of Billbee's window, compressed, to forgive the machine's stalls),
the wrapper's limiter runs at 20 requests/second instead of 2, and the wrapper's ``sleep`` is
scaled by 1/10 (backoff, Retry-After and the limiter's own waits alike): the same client, ten
times faster. A run at Billbee's real 2/s would take minutes for this many calls; the throttle
benchmark covers the real rate. The sandbox's invoice (1/min) and per-order (6/min) throttles
stay at real time; the wrapper's cache and per-order limit must keep the soak clear of them.

Faults come from the sandbox's seeded random injector (429 with Retry-After, 500, 502, 503,
malformed JSON); ``max_retries=5`` makes a call that exhausts its budget (six faults in a row)
improbable, and every tool result is checked anyway. Each thread writes only its own orders
and SKUs, so the intended final state is known despite the interleaving.
A run the sandbox refused a request in while the machine stalled is run again, up to five
runs (``tests.helpers.judged_on_time``).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from pydantic import SecretStr

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee.sandbox import DEFAULT_API_PASSWORD
from tests.helpers import call, judged_on_time, no_gc_pauses
from tests.reliability import _soak_shop
from tests.reliability._support import tools_by_name

pytestmark = pytest.mark.slow

COMPRESSION = 10.0
THREADS = 6
CALLS_PER_THREAD = 40
FAULT_RATE = 0.1
WRITE_SHARE = 0.25


@dataclass
class Worker:
    """One thread's calls and the writes it intends."""

    index: int
    orders: list[int]
    skus: list[str]
    order_ids_to_read: list[int]
    state_writes: list[tuple[int, int]] = field(default_factory=list)
    intended_stock: dict[str, Decimal] = field(default_factory=dict)
    messages: list[ToolMessage] = field(default_factory=list)

    def plan(self, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
        calls: list[tuple[str, dict[str, Any]]] = []
        for step in range(CALLS_PER_THREAD):
            if rng.random() < WRITE_SHARE:
                calls.append(self._write(rng, step))
            else:
                calls.append(self._read(rng, step))
        return calls

    def _write(self, rng: random.Random, step: int) -> tuple[str, dict[str, Any]]:
        if rng.random() < 0.5:
            order_id, state = rng.choice(self.orders), rng.choice([1, 2, 3, 4, 13])
            self.state_writes.append((order_id, state))
            return "billbee_update_order_state", {"order_id": order_id, "new_state_id": state}
        sku, quantity = rng.choice(self.skus), Decimal(rng.randint(0, 200))
        self.intended_stock[sku] = quantity
        return "billbee_update_stock", {"sku": sku, "new_quantity": int(quantity)}

    def intended_states(self) -> dict[int, int]:
        return dict(self.state_writes)  # the last write to each order wins

    def state_changes(self, order_id: int, initial: int) -> int:
        """How many of this worker's writes to ``order_id`` changed its state."""
        changes, current = 0, initial
        for written_id, state in self.state_writes:
            if written_id == order_id and state != current:
                changes, current = changes + 1, state
        return changes

    def _read(self, rng: random.Random, step: int) -> tuple[str, dict[str, Any]]:
        kind = rng.randrange(6)
        if kind == 0:
            return "billbee_list_orders", {"page": rng.randint(1, 5), "page_size": 20}
        if kind == 1 and self.order_ids_to_read:  # each order read once: no per-order limit
            return "billbee_get_order", {"order_id": self.order_ids_to_read.pop()}
        if kind == 2:
            return "billbee_list_products", {"page": rng.randint(1, 3), "page_size": 20}
        if kind == 3:
            return "billbee_list_customers", {"search": rng.choice(["Müller", "Schmidt", "a"])}
        if kind == 4:
            # Threads share two queries, so repeats, concurrent ones included, must hit the cache.
            return "billbee_list_invoices", {"page": rng.randint(1, 2), "page_size": 25}
        return "billbee_get_order_states", {}


def _scaled_sleep(seconds: float) -> None:
    time.sleep(max(seconds, 0.0) / COMPRESSION)


class SoakShop:
    """The out-of-process sandbox: its URL, its random faults and a snapshot of its state."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", _soak_shop.__name__, str(COMPRESSION)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.base_url = self._line()

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the soak shop ended (exit code {self.process.poll()})"
        return line.strip()

    def ask(self, **ask: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(ask) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self._line())
        return answer

    def api_wrapper(self, **settings: Any) -> BillbeeAPIWrapper:
        return BillbeeAPIWrapper(
            username=SecretStr(_soak_shop.USERNAME), api_password=SecretStr(DEFAULT_API_PASSWORD),
            api_key=SecretStr(_soak_shop.API_KEY), base_url=self.base_url, **settings,
        )  # fmt: skip

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # the shop stops at the end of its input
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _workers(snapshot: dict[str, Any]) -> list[Worker]:
    orders = [int(order_id) for order_id, _, _ in snapshot["orders"]]
    skus = list(snapshot["stock"])
    readable = orders[THREADS * 3 :]
    share = len(readable) // THREADS
    return [
        Worker(
            index=i,
            orders=orders[i * 3 : i * 3 + 3],
            skus=skus[i * 3 : i * 3 + 3],
            order_ids_to_read=readable[i * share : (i + 1) * share],
        )
        for i in range(THREADS)
    ]


def _run_worker(worker: Worker, tools: dict[str, BaseTool]) -> None:
    for step, (name, args) in enumerate(worker.plan(random.Random(worker.index))):
        worker.messages.append(call(tools[name], args, call_id=f"w{worker.index}-{step}"))


@dataclass
class SoakRun:
    workers: list[Worker]
    errors: list[BaseException | None]
    before: dict[str, Any]
    after: dict[str, Any]


def _soak() -> SoakRun:
    shop = SoakShop()
    try:
        api = shop.api_wrapper(
            requests_per_second=2.0 * COMPRESSION, max_retries=5, sleep=_scaled_sleep
        )
        tools = tools_by_name(api)
        before = shop.ask(op="snapshot")
        workers = _workers(before)
        shop.ask(op="faults", rate=FAULT_RATE, seed=11)

        run: Callable[[Worker], None] = lambda w: _run_worker(w, tools)  # noqa: E731
        with no_gc_pauses(), ThreadPoolExecutor(THREADS) as pool:
            errors = [f.exception() for f in [pool.submit(run, w) for w in workers]]
        shop.ask(op="faults", rate=0.0, seed=0)
        return SoakRun(workers, errors, before, shop.ask(op="snapshot"))
    finally:
        shop.close()


def test_soak_mixed_calls_with_random_faults() -> None:
    soak = judged_on_time(_soak, refused=lambda soak: soak.after["stats"]["throttled"] > 0)
    workers, before, after = soak.workers, soak.before, soak.after

    assert soak.errors == [None] * THREADS  # zero unhandled exceptions
    failed = [m.content for w in workers for m in w.messages if m.status == "error"]
    assert failed == []
    assert sum(len(w.messages) for w in workers) == THREADS * CALLS_PER_THREAD
    assert after["stats"]["faults_served"] >= 10  # the faults really happened ...
    assert after["stats"]["throttled"] == 0  # ... and we never provoked a 429 ourselves
    states = {order_id: state for order_id, state, _ in after["orders"]}
    for worker in workers:
        for order_id, state in worker.intended_states().items():
            assert states[order_id] == state
        for sku, quantity in worker.intended_stock.items():
            assert Decimal(after["stock"][sku]) == quantity
    _assert_one_history_entry_per_change(workers, before, after)


def _assert_one_history_entry_per_change(
    workers: list[Worker], before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Each state change left exactly one History entry; repeats and retries left none."""
    initial = {order_id: (state, history) for order_id, state, history in before["orders"]}
    final = {order_id: history for order_id, _, history in after["orders"]}
    for worker in workers:
        for order_id in worker.orders:
            state, history = initial[order_id]
            changes = worker.state_changes(order_id, state)
            added = final[order_id] - history
            assert added == changes, (order_id, added, changes)
