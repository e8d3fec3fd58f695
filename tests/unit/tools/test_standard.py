"""LangChain's standard unit suite for every tool in ``BILLBEE_TOOLS``, with its example args."""

from __future__ import annotations

from typing import Any, ClassVar

from langchain_tests.unit_tests import ToolsUnitTests

from langchain_billbee.tools import BILLBEE_TOOLS, BillbeeBaseTool
from tests.tool_table import suite_name
from tests.unit.tools._helpers import API_KEY, API_PASSWORD, NOWHERE, USERNAME, make_wrapper

ENV = {
    "BILLBEE_USERNAME": USERNAME,
    "BILLBEE_API_PASSWORD": API_PASSWORD,
    "BILLBEE_API_KEY": API_KEY,
    "BILLBEE_BASE_URL": NOWHERE,
}


class _BillbeeToolSuite(ToolsUnitTests):
    tool_class: ClassVar[type[BillbeeBaseTool[Any]]]

    @property
    def tool_constructor(self) -> type[BillbeeBaseTool[Any]]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"api_wrapper": make_wrapper()}

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return dict(self.tool_class.example_args)

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        # No constructor arguments: the wrapper must come from BILLBEE_* alone.
        name = self.tool_class.model_fields["name"].default
        return ENV, {}, {"name": name, "response_format": "content_and_artifact"}


# One test class per tool in the table (TestListOrders, …), so a new tool is picked up here.
for _tool in BILLBEE_TOOLS:
    _name = suite_name(_tool)
    globals()[_name] = type(_name, (_BillbeeToolSuite,), {"tool_class": _tool})
