"""Every tool end to end: tool → wrapper → HTTP → sandbox, and back as a ToolMessage."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit
from tests.helpers import acall, call
from tests.sandbox._shop import current_shop
from tests.tool_table import TOOL_NAMES, WRITE_NAMES, example_calls


def toolset(
    sandbox: BillbeeSandbox, **overrides: Any
) -> tuple[BillbeeAPIWrapper, dict[str, BaseTool]]:
    api = sandbox.api_wrapper(requests_per_second=None, **overrides)
    return api, {tool.name: tool for tool in BillbeeToolkit(api_wrapper=api).get_tools()}


@pytest.mark.parametrize(("name", "args"), example_calls(), ids=TOOL_NAMES)
async def test_every_tool_runs_its_example_sync_and_async_alike(
    sandbox: BillbeeSandbox, name: str, args: dict[str, Any]
) -> None:
    _, tools = toolset(sandbox)
    threads: list[str] = []
    tool = tools[name]

    sync_message = call(tool, **args)
    original = tool._run
    tool.__dict__["_run"] = lambda *a, **k: (
        threads.append(threading.current_thread().name) or (original(*a, **k))
    )
    async_message = await acall(tool, args)

    assert sync_message.status == "success", sync_message.content
    assert isinstance(async_message, ToolMessage)
    assert (async_message.content, async_message.artifact) == (
        sync_message.content,
        sync_message.artifact,
    )
    # The blocking wrapper call ran off the event loop's thread.
    assert threads and threads[0] != threading.main_thread().name


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_a_write_example_changes_nothing_in_the_demo_shop(
    sandbox: BillbeeSandbox, name: str
) -> None:
    """Every suite runs each write's example, on the sandbox or a recorded account: it must be a
    no-op (it sets the value the record already has)."""
    _, tools = toolset(sandbox)
    args = dict(dict(example_calls())[name])
    before = current_shop(sandbox)

    message = call(tools[name], **args)

    assert message.status == "success", message.content
    assert current_shop(sandbox) == before


def test_list_orders_filters_by_state_and_pages(sandbox: BillbeeSandbox) -> None:
    _, tools = toolset(sandbox)

    message = call(tools["billbee_list_orders"], order_state_ids=[4], page=2, page_size=5)

    assert message.status == "success"
    header, _legend, *rows, _mark = str(message.content).splitlines()
    assert re.match(r"orders 6–10 of \d+ \(page 2 of \d+\)", header)
    assert len(rows) == 5
    assert all(" | 4 Versendet (shipped) | " in row for row in rows)
    assert [o["State"] for o in message.artifact["Data"]] == [4] * 5


def test_get_order_then_change_its_state(sandbox: BillbeeSandbox) -> None:
    api, tools = toolset(sandbox)
    order_id = api.list_orders(order_state_ids=[3], page_size=1).items[0].bill_bee_order_id

    changed = call(tools["billbee_update_order_state"], order_id=order_id, new_state_id=4)
    detail = call(tools["billbee_get_order"], order_id=order_id)

    assert changed.status == "success"
    assert f"order {order_id}: state set to 4 Versendet (shipped)" in str(changed.content)
    assert "state: 4 Versendet (shipped)" in str(detail.content)
    assert detail.artifact["Data"]["BillBeeOrderId"] == order_id


def test_update_stock_reports_old_and_new(sandbox: BillbeeSandbox) -> None:
    api, tools = toolset(sandbox)
    product = next(p for p in api.list_products(page_size=50).items if p.sku)
    old = product.stock_current

    message = call(tools["billbee_update_stock"], sku=product.sku, new_quantity=41, reason="count")
    by_id = call(tools["billbee_update_stock"], billbee_product_id=product.id, new_quantity=42)

    assert message.status == by_id.status == "success"
    assert f"SKU {product.sku}: stock {old.normalize():f} → 41" in str(message.content)
    assert f"SKU {product.sku}: stock 41 → 42" in str(by_id.content)
    assert api.get_product(product.id).stock_current == 42


def test_reads_products_customers_invoices_states(sandbox: BillbeeSandbox) -> None:
    api, tools = toolset(sandbox)
    someone = api.list_customers(page_size=1).items[0]

    products = call(tools["billbee_list_products"], page_size=10)
    customers = call(tools["billbee_list_customers"], page_size=10)
    found = call(tools["billbee_list_customers"], search=str(someone.name))
    invoices = call(tools["billbee_list_invoices"], include_positions=True, page_size=5)
    states = call(tools["billbee_get_order_states"])

    assert str(products.content).startswith("products 1–10 of ")
    assert str(customers.content).startswith("customers 1–10 of ")
    assert str(someone.id) in str(found.content)
    assert str(invoices.content).startswith("invoices 1–5 of ")
    assert "  - " in str(invoices.content)  # positions were asked for
    assert "3 Zahlung_erhalten (paid)" in str(states.content)


def test_orders_of_one_customer(sandbox: BillbeeSandbox) -> None:
    api, tools = toolset(sandbox)
    order = api.list_orders(page_size=1).items[0]
    assert order.customer is not None and order.customer.id is not None

    message = call(tools["billbee_list_orders"], customer_id=order.customer.id)

    assert message.status == "success"
    assert str(order.bill_bee_order_id) in str(message.content)


def test_unknown_order_comes_back_as_an_error_message(sandbox: BillbeeSandbox) -> None:
    _, tools = toolset(sandbox)

    message = call(tools["billbee_update_order_state"], order_id=999_999_999_999, new_state_id=4)

    assert message.status == "error"
    assert "no such record" in str(message.content)
    assert "billbee_list_orders" in str(message.content)


def test_rate_limit_after_retries_tells_the_model_to_wait(sandbox: BillbeeSandbox) -> None:
    _, tools = toolset(sandbox, max_retries=0)
    sandbox.faults.add("429", retry_after=7, count=1, path="/orders", method="GET")

    message = call(tools["billbee_list_orders"])

    assert message.status == "error"
    assert "Wait 7 seconds" in str(message.content)
    assert sandbox.api_key not in str(message.content)
    assert sandbox.api_password not in str(message.content)


async def test_ainvoke_over_loopback(sandbox: BillbeeSandbox) -> None:
    _, tools = toolset(sandbox)
    message = await acall(tools["billbee_list_orders"])

    assert message.status == "success"


def test_customer_orders_read_in_both_shapes_billbee_documents() -> None:
    """Billbee's spec gives GET /customers/{id}/orders a reduced order model, its SDKs the full
    one; the tool answers the same either way."""
    contents = []
    for shape in ("full", "spec"):
        with BillbeeSandbox(throttle=False, customer_orders=shape) as sandbox:
            api, tools = toolset(sandbox)
            customer_id = api.list_orders(page_size=1).items[0].customer.id  # type: ignore[union-attr]
            message = call(tools["billbee_list_orders"], customer_id=customer_id)
            assert message.status == "success", message.content
            contents.append([row.split(" | ")[:4] for row in str(message.content).splitlines()[2:]])
    full, spec = contents
    assert full and full == spec  # id, order number, state and shop agree
