"""The MCP server over stdio, driven by the MCP SDK's client: what it lists, what it answers."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.tools import BaseTool

from langchain_billbee.mcp import MAX_RESULT_BYTES, OUTPUT_SCHEMA, model_schema
from langchain_billbee.mcp._results import size_of
from langchain_billbee.toolkit import tool_name
from langchain_billbee.tools import BILLBEE_TOOLS
from tests.helpers import call
from tests.mcp._client import LiveSession, Person
from tests.mcp.conftest import (
    READ_TOOLS,
    Fleet,
    assert_answers_as_the_toolkit,
    names,
    text_of,
)

STATE_ORDER, CLOSED = 300000180947081, 7  # an order in state 7 (closed) on the default shop
SHIPPED_ORDER = 300000180946418


def order_state(session: LiveSession, order_id: int) -> int:
    result = session.call("billbee_get_order", {"order_id": order_id})
    assert not result.isError, text_of(result)
    return int(result.structuredContent["Data"]["State"])


# ---- the tool list -----------------------------------------------------------------------


def test_read_only_by_default_lists_exactly_the_read_tools(read_only: LiveSession) -> None:
    assert names(read_only.tools()) == names(READ_TOOLS)


def test_each_tool_keeps_the_toolkits_name_description_and_schema(
    writable: LiveSession, direct: dict[str, BaseTool]
) -> None:
    listed = writable.tools()
    assert names(listed) == names(list(BILLBEE_TOOLS))  # writes too, in the table's order
    for tool in listed:
        expected = model_schema(direct[tool.name])
        assert tool.description == expected["description"]
        assert tool.inputSchema == expected["parameters"]
        assert tool.outputSchema == OUTPUT_SCHEMA


def test_annotations_follow_each_tools_declared_access(writable: LiveSession) -> None:
    access = {tool_name(cls): cls.access for cls in BILLBEE_TOOLS}
    for tool in writable.tools():
        hints = tool.annotations
        assert hints is not None and hints.openWorldHint is True
        if access[tool.name] == "read":
            assert hints.readOnlyHint is True, tool.name
        else:
            assert (hints.readOnlyHint, hints.idempotentHint, hints.destructiveHint) == (
                False,
                True,
                True,
            ), tool.name


# ---- reads --------------------------------------------------------------------------------


@pytest.mark.parametrize("tool_class", READ_TOOLS, ids=names(READ_TOOLS))
def test_every_read_tool_gives_the_toolkits_text_and_records(
    tool_class: type[Any], read_only: LiveSession, direct: dict[str, BaseTool]
) -> None:
    assert_answers_as_the_toolkit(read_only, direct, tool_class)


def test_a_failing_call_is_a_tool_error_with_the_tools_own_advice(
    read_only: LiveSession, direct: dict[str, BaseTool]
) -> None:
    args = {"order_id": 999}  # no such order: Billbee answers 404
    result = read_only.call("billbee_get_order", args)
    expected = call(direct["billbee_get_order"], args)
    assert expected.status == "error"
    assert result.isError is True
    assert text_of(result) == expected.content
    assert read_only.call("billbee_get_order_states").isError is False  # the server lives on


def test_invalid_arguments_are_a_tool_error_naming_the_field(read_only: LiveSession) -> None:
    result = read_only.call("billbee_list_orders", {"page_size": 5000})
    assert result.isError is True
    assert "page_size" in text_of(result)
    assert "no request was sent" in text_of(result)


def test_one_result_stays_within_the_bound_and_says_what_it_left_out(
    read_only: LiveSession, direct: dict[str, BaseTool]
) -> None:
    args = {"page_size": 250}
    result = read_only.call("billbee_list_orders", args)
    records = result.structuredContent
    assert len(text_of(result).encode()) + size_of(records) <= MAX_RESULT_BYTES
    assert text_of(result) == call(direct["billbee_list_orders"], args).content
    kept, total = records["Truncated"]["RecordsKept"], records["Truncated"]["RecordsTotal"]
    assert (total, len(records["Data"])) == (250, kept)
    assert 0 < kept < total
    assert records["Data"] == call(direct["billbee_list_orders"], args).artifact["Data"][:kept]


# ---- writes -------------------------------------------------------------------------------


def test_a_write_is_refused_without_allow_writes(read_only: LiveSession) -> None:
    assert read_only.person is not None
    result = read_only.call(
        "billbee_update_order_state", {"order_id": STATE_ORDER, "new_state_id": 3}
    )
    assert result.isError is True
    assert "--allow-writes" in text_of(result)
    assert read_only.person.asked == []
    assert order_state(read_only, STATE_ORDER) == CLOSED


def test_an_accepted_write_is_sent_after_the_person_saw_it(
    writable: LiveSession, person: Person
) -> None:
    person.will("accept", confirm=True)
    args = {"sku": "KR-01-500", "new_quantity": 40}
    result = writable.call("billbee_update_stock", args)
    assert not result.isError, text_of(result)
    assert "115 → 40" in text_of(result)
    assert len(person.asked) == 1
    assert "billbee_update_stock" in person.asked[0]
    assert '"new_quantity": 40' in person.asked[0] and '"sku": "KR-01-500"' in person.asked[0]


@pytest.mark.parametrize(
    ("action", "content"),
    [("decline", {}), ("cancel", {}), ("accept", {"confirm": False})],
    ids=["declined", "cancelled", "accepted-unticked"],
)
def test_a_write_not_confirmed_is_not_sent(
    writable: LiveSession, person: Person, action: str, content: dict[str, Any]
) -> None:
    person.will(action, **content)
    result = writable.call(
        "billbee_update_order_state", {"order_id": STATE_ORDER, "new_state_id": 3}
    )
    assert result.isError is True
    assert "was not sent" in text_of(result)
    assert len(person.asked) == 1
    assert order_state(writable, STATE_ORDER) == CLOSED


def test_an_invalid_write_is_refused_without_asking(writable: LiveSession, person: Person) -> None:
    result = writable.call("billbee_update_stock", {"sku": "KR-01-500", "new_quantity": -3})
    assert result.isError is True
    assert "new_quantity" in text_of(result)
    assert person.asked == []


def test_unconfirmed_writes_run_for_a_client_that_cannot_ask(fleet: Fleet) -> None:
    blind = fleet.unconfirmed.ready()
    args = {"order_id": SHIPPED_ORDER, "new_state_id": 3}
    result = blind.call("billbee_update_order_state", args)
    assert not result.isError, text_of(result)
    assert order_state(blind, SHIPPED_ORDER) == 3


def test_a_dry_run_write_shows_the_change_and_sends_nothing(fleet: Fleet) -> None:
    shown = fleet.dry_run.ready()
    args = {"order_id": STATE_ORDER, "new_state_id": 3}
    result = shown.call("billbee_update_order_state", args)
    assert not result.isError, text_of(result)
    text = text_of(result)
    assert text.startswith("DRY RUN"), text
    assert "nothing was sent to Billbee" in text
    assert order_state(shown, STATE_ORDER) == CLOSED
