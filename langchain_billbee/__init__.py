"""LangChain tools for Billbee, the multichannel order management system.

``BillbeeAPIWrapper`` is the one client every tool shares; ``BillbeeToolkit`` hands the tools
of ``BILLBEE_TOOLS`` to an agent; ``langchain_billbee.sandbox`` is an offline Billbee to try
them on; ``langchain_billbee.audit`` reads the audit trail of writes.
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
    BillbeeTimeoutError,
)
from langchain_billbee._state_writes import OrderStateChange
from langchain_billbee._stock_batch import BillbeeStockChangedError, StockChange, StockItemOutcome
from langchain_billbee._version import __version__
from langchain_billbee.accounts import BillbeeAccounts
from langchain_billbee.toolkit import BillbeeToolkit
from langchain_billbee.tools import *  # noqa: F403  (the tool classes, for type checkers)
from langchain_billbee.tools import BILLBEE_TOOLS

__all__ = [
    "BillbeeAPIError",
    "BillbeeAPIWrapper",
    "BillbeeAccounts",
    "BillbeeAuthenticationError",
    "BillbeeConfigurationError",
    "BillbeeConnectionError",
    "BillbeeError",
    "BillbeeNotFoundError",
    "BillbeeRateLimitError",
    "BillbeeRedirectError",
    "BillbeeServerError",
    "BillbeeStockChangedError",
    "BillbeeTimeoutError",
    "BillbeeToolkit",
    "OrderStateChange",
    "StockChange",
    "StockItemOutcome",
    "__version__",
    *(tool.__name__ for tool in BILLBEE_TOOLS),
]
