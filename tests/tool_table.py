"""What the test suites read from ``BILLBEE_TOOLS``: names, example calls, suite names."""

from __future__ import annotations

from typing import Any

from langchain_billbee.toolkit import tool_name
from langchain_billbee.tools import BILLBEE_TOOLS, BillbeeBaseTool

ToolClass = type[BillbeeBaseTool[Any]]

TOOL_NAMES = [tool_name(tool) for tool in BILLBEE_TOOLS]
WRITE_NAMES = [tool_name(tool) for tool in BILLBEE_TOOLS if tool.access == "write"]


def suite_name(tool: ToolClass) -> str:
    """``BillbeeListOrdersTool`` → ``TestListOrders`` (also the cassettes' file-name prefix)."""
    core = tool.__name__.removeprefix("Billbee").removesuffix("Tool")
    return f"Test{core}"


def example_calls() -> list[tuple[str, dict[str, Any]]]:
    """(tool name, its example args) for every tool, in the table's order."""
    return [(tool_name(tool), dict(tool.example_args)) for tool in BILLBEE_TOOLS]
