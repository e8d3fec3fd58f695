"""The Billbee tools; ``BILLBEE_TOOLS`` is the one table that lists them."""

from __future__ import annotations

from typing import Any

from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools.customers import BillbeeListCustomersTool
from langchain_billbee.tools.invoices import BillbeeListInvoicesTool
from langchain_billbee.tools.order_detail import BillbeeGetOrderTool
from langchain_billbee.tools.orders import BillbeeListOrdersTool
from langchain_billbee.tools.products import BillbeeListProductsTool
from langchain_billbee.tools.states import BillbeeGetOrderStatesTool, BillbeeUpdateOrderStateTool
from langchain_billbee.tools.stock import BillbeeUpdateStockTool
from langchain_billbee.tools.summaries import BillbeeSummarizeOrdersTool

# Static, so type checkers see the names; tests/test_public_api.py checks it against the table.
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
    "BillbeeSummarizeOrdersTool",
    "BillbeeUpdateOrderStateTool",
    "BillbeeUpdateStockTool",
]

# Adding an operation is data entry: write the tool class in its resource module, add it here
# (and to __all__). Each class declares its own name, access ("read"/"write") and example
# arguments; the toolkit, the package's __all__, the docs and every test suite read this table.
BILLBEE_TOOLS: tuple[type[BillbeeBaseTool[Any]], ...] = (
    BillbeeListOrdersTool,
    BillbeeGetOrderTool,
    BillbeeSummarizeOrdersTool,
    BillbeeUpdateOrderStateTool,
    BillbeeListProductsTool,
    BillbeeListCustomersTool,
    BillbeeListInvoicesTool,
    BillbeeGetOrderStatesTool,
    BillbeeUpdateStockTool,
)
