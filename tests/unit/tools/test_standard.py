"""LangChain's standard unit suite for each of the eight tools."""

from __future__ import annotations

from typing import Any, ClassVar

from langchain_tests.unit_tests import ToolsUnitTests

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
from tests.unit.tools._helpers import API_KEY, API_PASSWORD, NOWHERE, USERNAME, make_wrapper

ENV = {
    "BILLBEE_USERNAME": USERNAME,
    "BILLBEE_API_PASSWORD": API_PASSWORD,
    "BILLBEE_API_KEY": API_KEY,
    "BILLBEE_BASE_URL": NOWHERE,
}


class _BillbeeToolSuite(ToolsUnitTests):
    tool_class: ClassVar[type[BillbeeBaseTool[Any]]]
    example: ClassVar[dict[str, Any]] = {}

    @property
    def tool_constructor(self) -> type[BillbeeBaseTool[Any]]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"api_wrapper": make_wrapper()}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return self.example

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        # No constructor arguments: the wrapper must come from BILLBEE_* alone.
        name = self.tool_class.model_fields["name"].default
        return ENV, {}, {"name": name, "response_format": "content_and_artifact"}


class TestListOrdersStandard(_BillbeeToolSuite):
    tool_class = BillbeeListOrdersTool
    example: ClassVar[dict[str, Any]] = {
        "order_state_ids": [3],
        "min_order_date": "2024-05-01",
        "page_size": 10,
    }


class TestGetOrderStandard(_BillbeeToolSuite):
    tool_class = BillbeeGetOrderTool
    example: ClassVar[dict[str, Any]] = {"order_id": 300000180937794}


class TestUpdateOrderStateStandard(_BillbeeToolSuite):
    tool_class = BillbeeUpdateOrderStateTool
    example: ClassVar[dict[str, Any]] = {"order_id": 300000180937794, "new_state_id": 4}


class TestListProductsStandard(_BillbeeToolSuite):
    tool_class = BillbeeListProductsTool
    example: ClassVar[dict[str, Any]] = {"page": 2, "page_size": 25}


class TestListCustomersStandard(_BillbeeToolSuite):
    tool_class = BillbeeListCustomersTool
    example: ClassVar[dict[str, Any]] = {"search": "Schmidt"}


class TestListInvoicesStandard(_BillbeeToolSuite):
    tool_class = BillbeeListInvoicesTool
    example: ClassVar[dict[str, Any]] = {
        "min_invoice_date": "2024-05-01",
        "include_positions": True,
    }


class TestGetOrderStatesStandard(_BillbeeToolSuite):
    tool_class = BillbeeGetOrderStatesTool
    example: ClassVar[dict[str, Any]] = {}


class TestUpdateStockStandard(_BillbeeToolSuite):
    tool_class = BillbeeUpdateStockTool
    example: ClassVar[dict[str, Any]] = {
        "sku": "ESP-001",
        "new_quantity": 40,
        "reason": "stock count",
    }
