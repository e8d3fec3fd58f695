"""Benchmark 3: Billbee requests per task, and what the model read doing it.

The demo's three tasks run exactly as ``langchain-billbee demo`` runs them: its agent, its
scripted planner (deterministic, so the counts are reproducible), its task prompts and its
scripted approval; the transcript is discarded. Per task: the Billbee requests the wrapper sent
and the characters of tool content the model read (tokens ≈ characters / 4).

Then paging: walking every order of a 1,000-order sandbox with ``page_size=250`` must take
ceil(1000 / 250) = 4 requests.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from langchain_core.messages import BaseMessage, ToolMessage

from benchmarks._common import sandbox_wrapper
from benchmarks._report import Row
from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._paging import MAX_PAGE_SIZE
from langchain_billbee.demo.agent import build_agent, run_task
from langchain_billbee.demo.approval import Reviewer
from langchain_billbee.demo.scripted_model import ScriptedBillbeeModel
from langchain_billbee.demo.tasks import (
    Task,
    customer_task,
    paid_task,
    pick_customer,
    pick_unpaid,
    unshipped_task,
)
from langchain_billbee.demo.transcript import Transcript
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

__all__ = ["WALK_ROWS", "run"]

BENCHMARK = "3 requests/task"
WALK_ROWS = 1000


def _requests(count: int) -> str:
    return f"{count} request" + ("" if count == 1 else "s")


def _model_chars(messages: Sequence[BaseMessage]) -> int:
    return sum(len(str(m.content)) for m in messages if isinstance(m, ToolMessage))


class _Demo:
    """The demo's agent on a sandbox, one task at a time, counting as it goes."""

    def __init__(self, sandbox: BillbeeSandbox, api: BillbeeAPIWrapper) -> None:
        today = sandbox.state.anchor.date()
        toolkit = BillbeeToolkit(api_wrapper=api)
        self.agent = build_agent(ScriptedBillbeeModel(today=today), toolkit, today)
        self.reviewer = Reviewer("scripted")
        self.transcript = Transcript(io.StringIO(), color=False)
        self.api = api
        self.rows: list[Row] = []

    def run(self, task: Task, label: str) -> list[BaseMessage]:
        before = self.api.stats.requests
        messages = run_task(self.agent, task, self.reviewer, self.transcript)
        requests = self.api.stats.requests - before
        chars = _model_chars(messages)
        figure = f"{_requests(requests)}; model read {chars:,} chars (~{chars // 4:,} tokens)"
        self.rows.append(Row(BENCHMARK, label, figure))
        return messages


def _demo_rows(sandbox: BillbeeSandbox) -> list[Row]:
    api = sandbox_wrapper(sandbox)
    demo = _Demo(sandbox, api)
    first = demo.run(unshipped_task(), "demo task 1: unshipped orders by state, shop")
    unpaid = pick_unpaid(first)
    if unpaid:
        task = paid_task("2a", unpaid[0], "approve", "Mark an order paid")
        demo.run(task, "demo task 2: look up an order, mark it paid")
    customer = pick_customer(first)
    if customer:
        demo.run(customer_task(customer), "demo task 3: a customer's recent orders")
    api.close()
    return demo.rows


def _walk_rows() -> list[Row]:
    """Every order of a 1,000-order shop, page by page at 250, counted by the wrapper."""
    expected = math.ceil(WALK_ROWS / MAX_PAGE_SIZE)
    # A sandbox of its own: the demo's shop holds 260 orders, which would prove only 2 pages.
    with BillbeeSandbox(throttle=False, orders=WALK_ROWS) as sandbox:
        api = sandbox_wrapper(sandbox)
        orders = api.fetch_all(api.list_orders, page_size=MAX_PAGE_SIZE)
        requests = api.stats.requests
        api.close()
    figure = _requests(requests)
    if len(orders) != WALK_ROWS:
        figure += f" for {len(orders):,} orders"
    return [
        Row(
            BENCHMARK,
            f"fetch {WALK_ROWS:,} orders (page_size {MAX_PAGE_SIZE})",
            figure,
            f"= ceil({WALK_ROWS}/{MAX_PAGE_SIZE}) = {expected}",
            requests == expected and len(orders) == WALK_ROWS,
        )
    ]


def run(*, quick: bool = False) -> list[Row]:
    """Same work in quick mode: the tasks take a few dozen requests with the limiter off."""
    del quick
    with BillbeeSandbox(throttle=False) as sandbox:
        rows = _demo_rows(sandbox)
    return rows + _walk_rows()
