"""LangChain tools for Billbee, the multichannel order management system.

``BillbeeAPIWrapper`` is the one client every tool shares; ``BillbeeToolkit`` hands the eight
tools to an agent; ``langchain_billbee.sandbox`` is an offline Billbee to try them on.
"""

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import (
    BillbeeAPIError,
    BillbeeAuthenticationError,
    BillbeeConfigurationError,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeNotFoundError,
    BillbeeRateLimitError,
    BillbeeRedirectError,
    BillbeeServerError,
)
from langchain_billbee._version import __version__
from langchain_billbee.toolkit import BillbeeToolkit
from langchain_billbee.tools import (
    BillbeeGetOrderStatesTool,
    BillbeeGetOrderTool,
    BillbeeListCustomersTool,
    BillbeeListInvoicesTool,
    BillbeeListOrdersTool,
    BillbeeListProductsTool,
    BillbeeUpdateOrderStateTool,
    BillbeeUpdateStockTool,
)

__all__ = [
    "BillbeeAPIError",
    "BillbeeAPIWrapper",
    "BillbeeAuthenticationError",
    "BillbeeConfigurationError",
    "BillbeeConnectionError",
    "BillbeeError",
    "BillbeeGetOrderStatesTool",
    "BillbeeGetOrderTool",
    "BillbeeListCustomersTool",
    "BillbeeListInvoicesTool",
    "BillbeeListOrdersTool",
    "BillbeeListProductsTool",
    "BillbeeNotFoundError",
    "BillbeeRateLimitError",
    "BillbeeRedirectError",
    "BillbeeServerError",
    "BillbeeToolkit",
    "BillbeeUpdateOrderStateTool",
    "BillbeeUpdateStockTool",
    "__version__",
]
