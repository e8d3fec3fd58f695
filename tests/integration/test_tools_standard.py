"""LangChain's standard integration suites for the eight tools, replayed from ``cassettes/``.

Recorded against the sandbox (see the README for re-recording); CI replays with
``--record-mode=none``, so a request that is not in a cassette fails the test.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from langchain_core.tools import BaseTool
from langchain_tests.integration_tests import ToolsIntegrationTests

from langchain_billbee import (
    BillbeeAPIWrapper,
    BillbeeGetOrderStatesTool,
    BillbeeGetOrderTool,
    BillbeeListCustomersTool,
    BillbeeListInvoicesTool,
    BillbeeListOrdersTool,
    BillbeeListProductsTool,
    BillbeeUpdateOrderStateTool,
    BillbeeUpdateStockTool,
)

# Records of the sandbox's default demo shop (seed 42).
SHIPPED_ORDER_ID = 300000180946418
CLOSED_ORDER_ID = 300000180947081
KNOWN_SKU = "KR-01-500"


class _BillbeeToolSuite(ToolsIntegrationTests):
    tool_class: type[BaseTool]
    example: ClassVar[dict[str, Any]] = {}

    @pytest.fixture(autouse=True)
    def _wrapper(self, api_wrapper: BillbeeAPIWrapper) -> None:
        self._api_wrapper = api_wrapper

    @property
    def tool_constructor(self) -> type[BaseTool]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"api_wrapper": self._api_wrapper}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return self.example


@pytest.mark.vcr
class TestListOrders(_BillbeeToolSuite):
    tool_class = BillbeeListOrdersTool
    example: ClassVar[dict[str, Any]] = {"order_state_ids": [1, 2, 3], "page_size": 5}


@pytest.mark.vcr
class TestGetOrder(_BillbeeToolSuite):
    tool_class = BillbeeGetOrderTool
    example: ClassVar[dict[str, Any]] = {"order_id": SHIPPED_ORDER_ID}


@pytest.mark.vcr
class TestUpdateOrderState(_BillbeeToolSuite):
    tool_class = BillbeeUpdateOrderStateTool
    example: ClassVar[dict[str, Any]] = {"order_id": CLOSED_ORDER_ID, "new_state_id": 7}


@pytest.mark.vcr
class TestListProducts(_BillbeeToolSuite):
    tool_class = BillbeeListProductsTool
    example: ClassVar[dict[str, Any]] = {"page_size": 5}


@pytest.mark.vcr
class TestListCustomers(_BillbeeToolSuite):
    tool_class = BillbeeListCustomersTool
    example: ClassVar[dict[str, Any]] = {"search": "Wolf"}


@pytest.mark.vcr
class TestListInvoices(_BillbeeToolSuite):
    tool_class = BillbeeListInvoicesTool
    example: ClassVar[dict[str, Any]] = {"min_invoice_date": "2026-10-01", "page_size": 5}


@pytest.mark.vcr
class TestGetOrderStates(_BillbeeToolSuite):
    tool_class = BillbeeGetOrderStatesTool
    example: ClassVar[dict[str, Any]] = {}


@pytest.mark.vcr
class TestUpdateStock(_BillbeeToolSuite):
    tool_class = BillbeeUpdateStockTool
    example: ClassVar[dict[str, Any]] = {
        "sku": KNOWN_SKU,
        "new_quantity": 115,
        "reason": "stock count",
    }
