"""The eight Billbee tools; ``BILLBEE_TOOLS`` is the one table that lists them."""

from __future__ import annotations

from typing import Any

from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools.customers import BillbeeListCustomersTool
from langchain_billbee.tools.invoices import BillbeeListInvoicesTool
from langchain_billbee.tools.orders import (
    BillbeeGetOrderStatesTool,
    BillbeeGetOrderTool,
    BillbeeListOrdersTool,
    BillbeeUpdateOrderStateTool,
)
from langchain_billbee.tools.products import BillbeeListProductsTool
from langchain_billbee.tools.stock import BillbeeUpdateStockTool

__all__ = [
    "BILLBEE_TOOLS",
    "Access",
    "BillbeeBaseTool",
    "BillbeeGetOrderStatesTool",
    "BillbeeGetOrderTool",
    "BillbeeListCustomersTool",
    "BillbeeListInvoicesTool",
    "BillbeeListOrdersTool",
    "BillbeeListProductsTool",
    "BillbeeUpdateOrderStateTool",
    "BillbeeUpdateStockTool",
]

# Adding an operation is data entry: write the tool class, add it here. Each class declares
# its own name and access ("read"/"write"); the toolkit filters this table, never a copy of it.
BILLBEE_TOOLS: tuple[type[BillbeeBaseTool[Any]], ...] = (
    BillbeeListOrdersTool,
    BillbeeGetOrderTool,
    BillbeeUpdateOrderStateTool,
    BillbeeListProductsTool,
    BillbeeListCustomersTool,
    BillbeeListInvoicesTool,
    BillbeeGetOrderStatesTool,
    BillbeeUpdateStockTool,
)
