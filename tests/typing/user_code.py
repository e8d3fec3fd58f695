"""What a user writes, type-checked by ``test_quality``: the documented calls pass mypy --strict."""

from __future__ import annotations

from langchain.agents.middleware import HumanInTheLoopMiddleware
from langchain_core.tools import BaseTool

from langchain_billbee import BillbeeAPIWrapper, BillbeeToolkit


def build() -> tuple[list[BaseTool], HumanInTheLoopMiddleware]:
    api = BillbeeAPIWrapper()  # credentials from BILLBEE_*
    toolkit = BillbeeToolkit(api_wrapper=api)
    return toolkit.get_tools(), HumanInTheLoopMiddleware(interrupt_on=toolkit.interrupt_on())
