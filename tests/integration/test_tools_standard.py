"""LangChain's standard integration suites for every tool, replayed from ``cassettes/``.

Each tool runs with its own ``example_args`` (records of the sandbox's default demo shop; a
write's example sets the value the record already has). Recorded against the sandbox (see the
README for re-recording); CI replays with ``--record-mode=none``, so a request that is not in a
cassette fails the test — a new tool fails here until its cassettes are recorded.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from langchain_core.tools import BaseTool
from langchain_tests.integration_tests import ToolsIntegrationTests

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee.tools import BILLBEE_TOOLS, BillbeeBaseTool
from tests.tool_table import suite_name


class _BillbeeToolSuite(ToolsIntegrationTests):
    tool_class: ClassVar[type[BillbeeBaseTool[Any]]]

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
        return dict(self.tool_class.example_args)


# One test class per tool in the table; its name is the cassettes' prefix (TestListOrders.…).
for _tool in BILLBEE_TOOLS:
    _name = suite_name(_tool)
    globals()[_name] = pytest.mark.vcr(type(_name, (_BillbeeToolSuite,), {"tool_class": _tool}))
