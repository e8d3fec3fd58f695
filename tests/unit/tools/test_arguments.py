"""Invalid arguments: an error ToolMessage naming field and rule, and no request at all."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from langchain_core.messages import ToolMessage

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.tools import (
    BillbeeBaseTool,
    BillbeeGetOrderTool,
    BillbeeListCustomersTool,
    BillbeeListInvoicesTool,
    BillbeeListOrdersTool,
    BillbeeListProductsTool,
    BillbeeUpdateOrderStateTool,
    BillbeeUpdateStockTool,
)
from tests.unit.tools import _records as rec
from tests.unit.tools._helpers import FakeApi, call

# (tool class, wrapper method it would call, arguments, texts the error must contain)
INVALID: list[tuple[type[BillbeeBaseTool[Any]], str, dict[str, Any], tuple[str, ...]]] = [
    (
        BillbeeUpdateOrderStateTool,
        "update_order_state",
        {"order_id": 1, "new_state_id": 42},
        ("new_state_id", "must be between 1 and 17", "got 42", "3 = paid"),
    ),
    (
        BillbeeUpdateOrderStateTool,
        "update_order_state",
        {"order_id": 1},
        ("new_state_id: is required",),
    ),
    (BillbeeGetOrderTool, "get_order", {"order_id": "abc"}, ("order_id", "whole number")),
    # JSON true is no id: read as 1, it would set state 1 or address order 1.
    (
        BillbeeUpdateOrderStateTool,
        "update_order_state",
        {"order_id": 1, "new_state_id": True},
        ("new_state_id", "whole number", "got True"),
    ),
    (BillbeeGetOrderTool, "get_order", {"order_id": True}, ("order_id", "whole number")),
    (
        BillbeeListOrdersTool,
        "list_orders",
        {"order_state_ids": [True], "page": False},
        ("order_state_ids[0]", "page: must be a whole number"),
    ),
    (BillbeeGetOrderTool, "get_order", {"order_id": 0}, ("order_id", "at least 1", "got 0")),
    (
        BillbeeListOrdersTool,
        "list_orders",
        {"page_size": 500},
        ("page_size", "must be between 1 and 250", "got 500"),
    ),
    (BillbeeListOrdersTool, "list_orders", {"page": 0}, ("page", "at least 1")),
    (
        BillbeeListOrdersTool,
        "list_orders",
        {"min_order_date": "last tuesday"},
        ("min_order_date", "ISO 8601 date", "'last tuesday'"),
    ),
    (
        BillbeeListOrdersTool,
        "list_orders",
        {"order_state_ids": [3, 18]},
        ("order_state_ids[1]", "must be between 1 and 17", "got 18"),
    ),
    (
        BillbeeListOrdersTool,
        "list_orders",
        {"status": "paid"},
        ("status", "not an argument of this tool", "order_state_ids"),
    ),
    (
        BillbeeListOrdersTool,
        "list_orders",
        {"min_order_date": "2024-06-01", "max_order_date": "2024-05-01"},
        ("min_order_date", "is after max_order_date"),
    ),
    (
        BillbeeListProductsTool,
        "list_products",
        {"min_created_at": "2024-13-01"},
        ("min_created_at", "ISO 8601"),
    ),
    (BillbeeListCustomersTool, "search_customers", {"search": "   "}, ("search", "not be empty")),
    (
        BillbeeListCustomersTool,
        "search_customers",
        {"search": "Schmidt", "page": 2},  # would repeat page 1's hits as if they were page 2's
        ("search results are not paged", "drop page"),
    ),
    (
        BillbeeListInvoicesTool,
        "list_invoices",
        {"include_positions": "maybe"},
        ("include_positions", "true or false"),
    ),
    (
        BillbeeListInvoicesTool,
        "list_invoices",
        {"min_pay_date": "2024-05-10", "max_pay_date": "2024-05-01T00:00:00"},
        ("min_pay_date", "is after max_pay_date"),
    ),
    (
        BillbeeUpdateStockTool,
        "update_stock",
        {"sku": "ESP-001", "new_quantity": -3},
        ("new_quantity", "must be between 0 and 1000000000", "got -3"),
    ),
    (
        BillbeeUpdateStockTool,
        "update_stock",
        {"sku": "ESP-001", "new_quantity": "1e400"},
        ("new_quantity", "must be between 0 and 1000000000"),
    ),
    (
        BillbeeUpdateStockTool,
        "update_stock",
        {"new_quantity": 5},
        ("exactly one of sku or billbee_product_id", "neither"),
    ),
    (
        BillbeeUpdateStockTool,
        "update_stock",
        {"sku": "ESP-001", "billbee_product_id": 7, "new_quantity": 5},
        ("exactly one of sku or billbee_product_id", "both"),
    ),
]


@pytest.mark.parametrize(("tool_class", "method", "args", "expected"), INVALID)
def test_invalid_arguments_are_explained_and_send_nothing(
    wrapper: BillbeeAPIWrapper,
    fake_api: FakeApi,
    tool_class: type[BillbeeBaseTool[Any]],
    method: str,
    args: dict[str, Any],
    expected: tuple[str, ...],
) -> None:
    fake = fake_api(method)
    tool = tool_class(api_wrapper=wrapper)

    message = call(tool, **args)

    assert message.status == "error"
    assert message.content.startswith(f"Invalid arguments for {tool.name}")
    assert "Tool input validation error" not in message.content
    for text in expected:
        assert text in message.content
    fake.assert_not_called()


def test_customer_id_cannot_be_combined_with_filters(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    by_customer = fake_api("list_customer_orders")
    tool = BillbeeListOrdersTool(api_wrapper=wrapper)

    message = call(tool, customer_id=42, order_state_ids=[3], tags=["vip"])

    assert message.status == "error"
    assert "customer_id cannot be combined with order_state_ids, tags" in message.content
    by_customer.assert_not_called()


def test_customer_id_alone_uses_the_customer_orders_endpoint(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    by_customer = fake_api("list_customer_orders", result=rec.order_page(2))
    plain_list = fake_api("list_orders")

    message = call(BillbeeListOrdersTool(api_wrapper=wrapper), customer_id=42, page=2)

    assert message.status == "success"
    by_customer.assert_called_once_with(mock.ANY, 42, page=2, page_size=50)
    plain_list.assert_not_called()


def test_dates_reach_the_wrapper_typed_and_a_bare_end_date_covers_its_day(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    list_orders = fake_api("list_orders", result=rec.order_page(1))

    call(
        BillbeeListOrdersTool(api_wrapper=wrapper),
        min_order_date="2024-05-01",
        max_order_date="2024-05-31",
        modified_at_min="2024-05-01T08:30:00Z",
        order_state_ids=[],
    )

    kwargs = list_orders.call_args.kwargs
    assert kwargs["min_order_date"] == date(2024, 5, 1)
    assert kwargs["max_order_date"] == datetime(2024, 5, 31, 23, 59, 59)
    # Billbee's dates are naive: the offset a model adds is dropped, the wall time kept.
    assert kwargs["modified_at_min"] == datetime(2024, 5, 1, 8, 30)
    assert kwargs["order_state_ids"] is None  # an empty filter is no filter


def test_search_uses_billbee_search_instead_of_paging(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    search = fake_api("search_customers", result=[rec.search_hit(1)])
    paging = fake_api("list_customers")

    message = call(BillbeeListCustomersTool(api_wrapper=wrapper), search="  Schmidt ")

    search.assert_called_once_with(mock.ANY, "Schmidt")
    paging.assert_not_called()
    assert "1 customer(s) match 'Schmidt'" in message.content


def test_stock_quantity_is_sent_as_exact_decimal(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    update = fake_api("update_stock", result=rec.stock_result(new="40.1"))

    call(BillbeeUpdateStockTool(api_wrapper=wrapper), billbee_product_id=7, new_quantity=40.1)

    update.assert_called_once_with(
        mock.ANY,
        new_quantity=Decimal("40.1"),
        sku=None,
        billbee_product_id=7,
        reason=None,
        stock_id=None,
        expected_quantity=None,
    )


def test_the_model_sees_constraints_in_the_schema() -> None:
    schema = BillbeeUpdateOrderStateTool.model_fields["args_schema"].default.model_json_schema()
    new_state = schema["properties"]["new_state_id"]
    assert (new_state["minimum"], new_state["maximum"]) == (1, 17)
    assert schema["additionalProperties"] is False
    for tool_class in (BillbeeListOrdersTool, BillbeeListInvoicesTool, BillbeeUpdateStockTool):
        args_schema = tool_class.model_fields["args_schema"].default.model_json_schema()
        for name, field in args_schema["properties"].items():
            assert field.get("description"), f"{tool_class.__name__}.{name} has no description"


def test_a_bare_string_fills_the_only_argument(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    get_order = fake_api("get_order", result=rec.order(3))

    content = BillbeeGetOrderTool(api_wrapper=wrapper).invoke("300000180937003")

    get_order.assert_called_once_with(mock.ANY, 300000180937003)
    assert "300000180937003" in content


def test_a_date_with_an_offset_means_the_same_instant_in_a_tool_and_the_wrapper() -> None:
    from langchain_billbee._wire import format_query_date
    from langchain_billbee.tools._args import parse_iso_date

    for text in ("2026-11-01T10:00:00+02:00", "2026-11-01T08:00:00Z", "2026-11-01T08:00:00"):
        parsed = parse_iso_date(text)
        assert parsed == datetime(2026, 11, 1, 8, 0)
        assert format_query_date(parsed) == format_query_date(text) == "2026-11-01T08:00:00"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ('{"order_id": 0}', "order_id: must be at least 1"),  # JSON text, as some providers send
        ("not an id", "order_id: must be a whole number"),  # LangChain's bare-string rule
    ],
)
async def test_a_tool_call_with_text_args_is_an_error_message_not_an_exception(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi, args: str, expected: str
) -> None:
    # LangChain itself fails on it (AttributeError: 'str' object has no attribute 'copy').
    get_order = fake_api("get_order")
    tool = BillbeeGetOrderTool(api_wrapper=wrapper)
    tool_call = {"type": "tool_call", "id": "call-1", "name": tool.name, "args": args}

    for message in (tool.invoke(tool_call), await tool.ainvoke(tool_call)):
        assert isinstance(message, ToolMessage)
        assert message.status == "error" and message.tool_call_id == "call-1"
        assert expected in message.content
    get_order.assert_not_called()


def test_a_tool_call_with_json_text_args_runs_like_a_dict(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    get_order = fake_api("get_order", result=rec.order(3))
    tool = BillbeeGetOrderTool(api_wrapper=wrapper)
    tool_call = {"type": "tool_call", "id": "c", "name": tool.name, "args": '{"order_id": 42}'}

    message = tool.invoke(tool_call)

    get_order.assert_called_once_with(mock.ANY, 42)
    assert isinstance(message, ToolMessage) and message.status == "success"
