"""``ainvoke`` for every tool: same results and same error handling as the sync path."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeRateLimitError
from langchain_billbee.tools import (
    BillbeeBaseTool,
    BillbeeGetOrderStatesTool,
    BillbeeGetOrderTool,
    BillbeeListCustomersTool,
    BillbeeListInvoicesTool,
    BillbeeListOrdersTool,
    BillbeeListProductsTool,
    BillbeeUpdateOrderStateTool,
    BillbeeUpdateStockTool,
)
from tests.unit.tools import _records as rec
from tests.unit.tools._helpers import FakeApi, acall, call

# (tool, wrapper method, its result, arguments, expected start of the content)
CASES: list[tuple[type[BillbeeBaseTool[Any]], str, Any, dict[str, Any], str]] = [
    (BillbeeListOrdersTool, "list_orders", rec.order_page(2), {}, "orders 1–2 of 2"),
    (BillbeeGetOrderTool, "get_order", rec.order(1), {"order_id": 1}, "order 300000180937001"),
    (
        BillbeeUpdateOrderStateTool,
        "update_order_state",
        None,
        {"order_id": 1, "new_state_id": 4},
        "order 1: state set to 4 Versendet (shipped)",
    ),
    (
        BillbeeListProductsTool,
        "list_products",
        rec.page_of([rec.product(1)]),
        {},
        "products 1–1 of 1",
    ),
    (
        BillbeeListCustomersTool,
        "list_customers",
        rec.page_of([rec.customer(1)]),
        {},
        "customers 1–1 of 1",
    ),
    (
        BillbeeListInvoicesTool,
        "list_invoices",
        rec.page_of([rec.invoice(1)]),
        {},
        "invoices 1–1 of 1",
    ),
    (BillbeeGetOrderStatesTool, "get_order_states", rec.order_states(), {}, "17 order states"),
    (
        BillbeeUpdateStockTool,
        "update_stock",
        rec.stock_result(),
        {"sku": "ESP-001", "new_quantity": 40},
        "SKU ESP-001: stock 12 → 40",
    ),
]


@pytest.mark.parametrize(("tool_class", "method", "result", "args", "start"), CASES)
async def test_ainvoke_matches_invoke(
    wrapper: BillbeeAPIWrapper,
    fake_api: FakeApi,
    tool_class: type[BillbeeBaseTool[Any]],
    method: str,
    result: Any,
    args: dict[str, Any],
    start: str,
) -> None:
    threads: list[str] = []
    fake = fake_api(method, result=result)
    fake.side_effect = lambda *a, **k: threads.append(threading.current_thread().name) or result
    tool = tool_class(api_wrapper=wrapper)

    async_message = await acall(tool, **args)
    sync_message = call(tool, **args)

    assert async_message.status == "success"
    assert async_message.content.startswith(start)
    assert (async_message.content, async_message.artifact) == (
        sync_message.content,
        sync_message.artifact,
    )
    # The blocking wrapper call ran off the event loop's thread.
    assert threads[0] != threading.main_thread().name


async def test_ainvoke_reports_failures_and_invalid_arguments(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    fake_api("get_order", error=BillbeeRateLimitError(message="Throttled.", retry_after=3))
    tool = BillbeeGetOrderTool(api_wrapper=wrapper)

    failed = await acall(tool, order_id=1)
    invalid = await acall(tool, order_id=-1)

    assert failed.status == invalid.status == "error"
    assert "Wait 3 seconds" in failed.content
    assert invalid.content.startswith("Invalid arguments for billbee_get_order")
