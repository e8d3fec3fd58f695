"""LangChain tools for Billbee, the multichannel order management system.

``BillbeeAPIWrapper`` is the one client every tool shares; ``BillbeeToolkit`` hands the tools
of ``BILLBEE_TOOLS`` to an agent; ``langchain_billbee.sandbox`` is an offline Billbee to try
them on; ``langchain_billbee.audit`` reads the audit trail of writes.

The names are imported on first use (PEP 562): ``python -m langchain_billbee.sandbox`` and
other entry points that need no tool start without loading langchain-core (about 1.5 s).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from langchain_billbee._version import __version__ as __version__

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper as BillbeeAPIWrapper
    from langchain_billbee._errors import BillbeeAPIError as BillbeeAPIError
    from langchain_billbee._errors import BillbeeAuthenticationError as BillbeeAuthenticationError
    from langchain_billbee._errors import BillbeeConfigurationError as BillbeeConfigurationError
    from langchain_billbee._errors import BillbeeConnectionError as BillbeeConnectionError
    from langchain_billbee._errors import BillbeeError as BillbeeError
    from langchain_billbee._errors import BillbeeNotFoundError as BillbeeNotFoundError
    from langchain_billbee._errors import BillbeeRateLimitError as BillbeeRateLimitError
    from langchain_billbee._errors import BillbeeRedirectError as BillbeeRedirectError
    from langchain_billbee._errors import BillbeeServerError as BillbeeServerError
    from langchain_billbee._errors import BillbeeTimeoutError as BillbeeTimeoutError
    from langchain_billbee._state_writes import OrderStateChange as OrderStateChange
    from langchain_billbee._stock_batch import BillbeeStockChangedError as BillbeeStockChangedError
    from langchain_billbee._stock_batch import StockChange as StockChange
    from langchain_billbee._stock_batch import StockItemOutcome as StockItemOutcome
    from langchain_billbee.accounts import BillbeeAccounts as BillbeeAccounts
    from langchain_billbee.toolkit import BillbeeToolkit as BillbeeToolkit
    from langchain_billbee.tools import *  # noqa: F403  (the tool classes, for type checkers)

_HOMES = {
    "BillbeeAPIWrapper": "_client",
    "BillbeeAPIError": "_errors",
    "BillbeeAuthenticationError": "_errors",
    "BillbeeConfigurationError": "_errors",
    "BillbeeConnectionError": "_errors",
    "BillbeeError": "_errors",
    "BillbeeNotFoundError": "_errors",
    "BillbeeRateLimitError": "_errors",
    "BillbeeRedirectError": "_errors",
    "BillbeeServerError": "_errors",
    "BillbeeTimeoutError": "_errors",
    "OrderStateChange": "_state_writes",
    "BillbeeStockChangedError": "_stock_batch",
    "StockChange": "_stock_batch",
    "StockItemOutcome": "_stock_batch",
    "BillbeeAccounts": "accounts",
    "BillbeeToolkit": "toolkit",
}
"""Where each public name other than the tool classes lives (the tools: ``BILLBEE_TOOLS``)."""


# Not seen by type checkers, which then still report a misspelt name instead of typing it Any.
if not TYPE_CHECKING:

    def _tool_classes() -> dict[str, type]:
        from langchain_billbee.tools import BILLBEE_TOOLS

        return {tool.__name__: tool for tool in BILLBEE_TOOLS}

    def _submodule_or_tools_name(name: str) -> Any:
        """A submodule (as after an eager ``import langchain_billbee.tools``), else one of
        ``langchain_billbee.tools``' names: the tool classes, ``BILLBEE_TOOLS``,
        ``BillbeeBaseTool``, ``Access``, reachable here as after its star import."""
        if name.isidentifier() and find_spec(f"{__name__}.{name}") is not None:
            return import_module(f"{__name__}.{name}")
        tools = import_module(f"{__name__}.tools")
        if name in tools.__all__:
            return getattr(tools, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __getattr__(name: str) -> Any:
        if name == "__all__":
            value: Any = sorted([*_HOMES, "__version__", *_tool_classes()])
        elif name in _HOMES:
            value = getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
        elif name.startswith("__"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        else:
            value = _submodule_or_tools_name(name)
        globals()[name] = value  # looked up once
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__getattr__("__all__")})
