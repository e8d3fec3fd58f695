"""``billbee_update_stock`` with ``items``: one call, batched requests, an answer per item."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import ToolMessage

from langchain_billbee.tools import BillbeeUpdateStockTool
from tests.unit.core.fakes import Reply, ScriptedAdapter, make_api
from tests.unit.writes._fakes import echo_batch, item_refusal, stock_item_result


def run(adapter: ScriptedAdapter, **args: Any) -> ToolMessage:
    tool = BillbeeUpdateStockTool(api_wrapper=make_api(adapter))
    message = tool.invoke({"name": tool.name, "args": args, "id": "c1", "type": "tool_call"})
    assert isinstance(message, ToolMessage)
    return message


def test_items_and_single_product_arguments_exclude_each_other() -> None:
    adapter = ScriptedAdapter()
    message = run(adapter, sku="A", new_quantity=1, items=[{"sku": "B", "new_quantity": 2}])
    assert message.status == "error"
    assert "give either items or sku, new_quantity for one product, not both" in message.content
    assert adapter.requests == []


def test_each_item_is_checked_and_named() -> None:
    adapter = ScriptedAdapter()
    message = run(adapter, items=[{"sku": "A", "new_quantity": 1}, {"new_quantity": 2}])
    assert message.status == "error"
    assert "items[1]: give exactly one of sku or billbee_product_id (got neither)" in str(
        message.content
    )
    assert adapter.requests == []


def test_the_answer_lists_failures_first_then_each_change() -> None:
    answer = [stock_item_result("A", 1, 10), item_refusal("Article with SKU B not found")]
    adapter = ScriptedAdapter(Reply(json_body=answer))
    message = run(
        adapter, items=[{"sku": "A", "new_quantity": 10}, {"sku": "B", "new_quantity": 5}]
    )
    lines = str(message.content).splitlines()
    assert lines[0] == "Stock of 2 product(s): 1 set, 1 not set."
    assert lines[1] == "- SKU B: NOT SET (Billbee refused it: Article with SKU B not found)"
    assert lines[2] == "- SKU A: stock 1 → 10 (0 unfulfilled)"
    assert [item["outcome"] for item in message.artifact["Data"]] == ["done", "refused"]


def test_a_big_stock_take_is_one_call_and_few_requests() -> None:
    adapter = ScriptedAdapter(default=echo_batch)
    items = [{"sku": f"S-{i}", "new_quantity": i} for i in range(200)]
    message = run(adapter, items=items, reason="Inventur")
    assert len(adapter.requests) == 4
    assert str(message.content).startswith("Stock of 200 product(s): 200 set.")
