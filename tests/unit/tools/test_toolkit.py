"""BillbeeToolkit: the table, read-only as a filter, selection, and human approval config."""

from __future__ import annotations

import copy
import os
import pickle
from unittest import mock

import pytest
from langchain.agents.middleware import HumanInTheLoopMiddleware

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeConfigurationError
from langchain_billbee.toolkit import BillbeeToolkit, tool_name
from langchain_billbee.tools import BILLBEE_TOOLS, BillbeeBaseTool, BillbeeGetOrderTool
from tests.tool_table import TOOL_NAMES, WRITE_NAMES
from tests.unit.tools._helpers import API_KEY, API_PASSWORD, NOWHERE

# The one place that states the tools: adding or dropping one must be a deliberate edit here.
DOCUMENTED = {
    "billbee_list_orders": "read",
    "billbee_get_order": "read",
    "billbee_summarize_orders": "read",
    "billbee_update_order_state": "write",
    "billbee_list_products": "read",
    "billbee_list_customers": "read",
    "billbee_list_invoices": "read",
    "billbee_get_order_states": "read",
    "billbee_update_stock": "write",
}
ALL = TOOL_NAMES
WRITES = set(WRITE_NAMES)


def test_the_table_holds_the_documented_tools() -> None:
    assert {tool_name(cls): cls.access for cls in BILLBEE_TOOLS} == DOCUMENTED
    assert len(BILLBEE_TOOLS) == 9


def names(toolkit: BillbeeToolkit) -> list[str]:
    return [tool.name for tool in toolkit.get_tools()]


def test_every_tool_by_default_sharing_one_wrapper(wrapper: BillbeeAPIWrapper) -> None:
    tools = BillbeeToolkit(api_wrapper=wrapper).get_tools()

    assert [t.name for t in tools] == ALL
    assert all(isinstance(t, BillbeeBaseTool) and t.api_wrapper is wrapper for t in tools)


def test_read_only_leaves_out_the_writes(wrapper: BillbeeAPIWrapper) -> None:
    assert names(BillbeeToolkit(api_wrapper=wrapper, read_only=True)) == [
        n for n in ALL if n not in WRITES
    ]


def test_selection_by_name_keeps_the_table_order(wrapper: BillbeeAPIWrapper) -> None:
    selected = ["billbee_update_stock", "billbee_get_order"]

    toolkit = BillbeeToolkit(api_wrapper=wrapper, selected_tools=selected)

    assert names(toolkit) == ["billbee_get_order", "billbee_update_stock"]


def test_an_unknown_name_lists_the_valid_ones(wrapper: BillbeeAPIWrapper) -> None:
    with pytest.raises(ValueError, match="Unknown Billbee tool name") as caught:
        BillbeeToolkit(api_wrapper=wrapper, selected_tools=["billbee_delete_order"])

    assert "billbee_delete_order" in str(caught.value)
    for name in ALL:
        assert name in str(caught.value)


def test_read_only_refuses_a_selected_write(wrapper: BillbeeAPIWrapper) -> None:
    with pytest.raises(ValueError, match="read_only=True excludes the write tool"):
        BillbeeToolkit(api_wrapper=wrapper, read_only=True, selected_tools=["billbee_update_stock"])


def test_writes_are_marked_as_writes_and_reads_as_reads(wrapper: BillbeeAPIWrapper) -> None:
    for tool in BillbeeToolkit(api_wrapper=wrapper).get_tools():
        access = "write" if tool.name in WRITES else "read"
        assert tool.metadata == {"billbee_access": access}
        assert tool.tags == ["billbee", access]
        if access == "write":
            assert "WRITES live data" in tool.description
            assert "connected shop" in tool.description


def test_caller_tags_and_metadata_are_kept(wrapper: BillbeeAPIWrapper) -> None:
    write = next(cls for cls in BILLBEE_TOOLS if cls.access == "write")
    tool = write(api_wrapper=wrapper, tags=["mine"], metadata={"team": "ops"})

    assert tool.tags == ["mine", "billbee", "write"]
    assert tool.metadata == {"team": "ops", "billbee_access": "write"}


def test_interrupt_on_covers_exactly_the_write_tools_present(wrapper: BillbeeAPIWrapper) -> None:
    config = BillbeeToolkit(api_wrapper=wrapper).interrupt_on()

    assert set(config) == WRITES
    for entry in config.values():
        assert entry["allowed_decisions"] == ["approve", "edit", "reject"]
        # Computed when the agent pauses (see tests/unit/writes); the fixed note stays in it.
        assert callable(entry["description"])
        assert "Billbee pushes" in entry["description"].note
    # The shape is what LangChain's middleware accepts.
    HumanInTheLoopMiddleware(interrupt_on=dict(config))


def test_interrupt_on_follows_the_selection(wrapper: BillbeeAPIWrapper) -> None:
    only_stock = BillbeeToolkit(
        api_wrapper=wrapper, selected_tools=["billbee_list_products", "billbee_update_stock"]
    )

    assert list(only_stock.interrupt_on()) == ["billbee_update_stock"]
    assert BillbeeToolkit(api_wrapper=wrapper, read_only=True).interrupt_on() == {}


def test_toolkit_and_tools_build_their_wrapper_from_the_environment() -> None:
    env = {
        "BILLBEE_USERNAME": "env-user@example.com",
        "BILLBEE_API_PASSWORD": "env-password",
        "BILLBEE_API_KEY": API_KEY,
        "BILLBEE_BASE_URL": NOWHERE,
    }
    with mock.patch.dict(os.environ, env):
        toolkit = BillbeeToolkit()
        tool = BILLBEE_TOOLS[0]()

    for wrapper in (toolkit.api_wrapper, tool.api_wrapper):
        assert wrapper.username.get_secret_value() == "env-user@example.com"
        assert wrapper.api_key.get_secret_value() == API_KEY
        assert wrapper.base_url == NOWHERE


def test_missing_credentials_name_the_variables() -> None:
    cleared = {k: v for k, v in os.environ.items() if not k.startswith("BILLBEE_")}
    with (
        mock.patch.dict(os.environ, cleared, clear=True),
        pytest.raises(BillbeeConfigurationError, match="BILLBEE_API_KEY"),
    ):
        BILLBEE_TOOLS[0]()


def test_tools_and_toolkit_deep_copy_sharing_the_client(wrapper: BillbeeAPIWrapper) -> None:
    # Deep copies failed on the wrapper's locks ("cannot pickle '_thread.lock' object").
    toolkit = BillbeeToolkit(api_wrapper=wrapper)
    tool = toolkit.get_tools()[0]

    copies = (copy.deepcopy(toolkit).api_wrapper, tool.model_copy(deep=True).api_wrapper)

    for copied in copies:
        assert isinstance(copied, BillbeeAPIWrapper)
        assert copied.model_dump_json() == wrapper.model_dump_json()
        assert copied.stats is wrapper.stats  # one client: one session, throttles and counters


def test_pickling_is_refused_without_writing_the_credentials(wrapper: BillbeeAPIWrapper) -> None:
    for obj in (
        wrapper,
        BillbeeToolkit(api_wrapper=wrapper),
        BillbeeGetOrderTool(api_wrapper=wrapper),
    ):
        with pytest.raises(TypeError, match="BILLBEE_") as info:
            pickle.dumps(obj)
        assert API_KEY not in str(info.value) and API_PASSWORD not in str(info.value)
