"""Benchmark 8: writes. A stock-take in one batch against one request per SKU, and what the
approval preview costs.

Stock-take: every SKU of a sandbox with 200 products (``--quick``: 20) gets a new absolute
stock, against a sandbox enforcing Billbee's 2 requests/second, once through
``update_stock_multiple`` (``POST /products/updatestockmultiple``, 50 per request) and once
with one ``update_stock`` per SKU; requests are counted by the sandbox's request log, wall time
on the clock. The two runs use separate sandboxes and credentials so neither waits for the
other's throttle.

Preview cost: the description ``interrupt_on()`` gives each write reads the record it names;
the sandbox's request log counts those reads per write (target: at most one), for an order
state change, one stock change and a 200-item stock batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from benchmarks._report import Row
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

__all__ = ["run"]

BENCHMARK = "8 writes"


def _sandbox(name: str, products: int) -> BillbeeSandbox:
    return BillbeeSandbox(
        throttle=True, products=products, api_key=f"bench-{name}-key", username=f"{name}@bench"
    )


def _skus(sandbox: BillbeeSandbox, count: int) -> list[str]:
    api = sandbox.api_wrapper(requests_per_second=None)
    sandbox.throttle.enabled = False  # listing the SKUs is set-up, not the measured work
    skus = [p.sku or "" for p in api.list_products(page_size=250).items][:count]
    sandbox.throttle.enabled = True
    sandbox.reset()
    return skus


def _timed(sandbox: BillbeeSandbox, work: Callable[[], Any]) -> tuple[int, float, Any]:
    start = time.monotonic()
    result = work()
    return len(sandbox.requests), time.monotonic() - start, result


def _stock_take(count: int) -> list[Row]:
    with _sandbox("batch", max(count, 56)) as batch_box, _sandbox("single", max(count, 56)) as one:
        skus = _skus(batch_box, count)  # the same seed: the same SKUs in both sandboxes
        api = batch_box.api_wrapper()
        items: list[dict[str, Any]] = [
            {"sku": sku, "new_quantity": 40 + i % 7} for i, sku in enumerate(skus)
        ]
        batch_requests, batch_s, outcomes = _timed(
            batch_box, lambda: api.update_stock_multiple(items)
        )
        done = sum(1 for o in outcomes if o.outcome == "done")
        single_api = one.api_wrapper()
        single_requests, single_s, _ = _timed(
            one,
            lambda: [
                single_api.update_stock(sku=i["sku"], new_quantity=i["new_quantity"]) for i in items
            ],
        )
    expected_batches = -(-count // 50)
    speedup = single_s / max(batch_s, 1e-9)
    return [
        Row(
            BENCHMARK,
            "stock-take, one request per SKU",
            f"{count} SKUs: {single_requests} requests, {single_s:.1f} s",
            "baseline",
        ),
        Row(
            BENCHMARK,
            "stock-take, batches of 50",
            f"{count} SKUs ({done} set): {batch_requests} requests, {batch_s:.1f} s "
            f"({speedup:.0f}x faster)",
            f"= ceil({count}/50) = {expected_batches} requests",
            batch_requests == expected_batches and done == count,
        ),
    ]


def _preview_reads(sandbox: BillbeeSandbox, toolkit: BillbeeToolkit, name: str, args: Any) -> int:
    describe: Any = toolkit.interrupt_on()[name]["description"]  # type: ignore[index]
    sandbox.reset()
    describe({"name": name, "args": args, "id": "bench", "type": "tool_call"}, None, None)
    return len(sandbox.requests)


def _preview_cost(count: int) -> list[Row]:
    with BillbeeSandbox(throttle=False, products=max(count, 56)) as sandbox:
        api = sandbox.api_wrapper(requests_per_second=None)
        toolkit = BillbeeToolkit(api_wrapper=api)
        order_id = api.list_orders(order_state_ids=[3], page_size=1).items[0].bill_bee_order_id
        skus = [p.sku for p in api.list_products(page_size=250).items][:count]
        cases = [
            ("order state change", "billbee_update_order_state", 1,
             {"order_id": order_id, "new_state_id": 4}),
            ("stock change", "billbee_update_stock", 1, {"sku": skus[0], "new_quantity": 40}),
            (f"stock batch ({count} items)", "billbee_update_stock", count,
             {"items": [{"sku": s, "new_quantity": 40} for s in skus]}),
        ]  # fmt: skip
        rows = []
        for subject, name, writes, args in cases:
            reads = _preview_reads(sandbox, toolkit, name, args)
            rows.append(
                Row(
                    BENCHMARK,
                    f"approval preview, {subject.split(' (')[0]}",
                    f"{reads} read(s) for {writes} write(s)",
                    "<= 1 read per write",
                    reads <= writes,
                )
            )
    return rows


def run(*, quick: bool = False) -> list[Row]:
    count = 6 if quick else 200
    return [*_stock_take(count), *_preview_cost(count)]
