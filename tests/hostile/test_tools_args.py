"""Hostile tool calls: arguments that broke LangChain's machinery before any rule was applied.

Each class (args that are not an object, nesting past the recursion limit, lone surrogates in
any string argument) must come back as an error naming the rule, through every entry point an
agent or an application uses (invoke and ainvoke, with a ToolCall or plain input), with no
request reaching the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee.toolkit import BillbeeToolkit
from langchain_billbee.tools import BILLBEE_TOOLS
from langchain_billbee.tools._guard import MAX_ARGS_DEPTH
from tests.hostile._records import Shop, unsafe_in

TOOL_NAMES = sorted(cls.model_fields["name"].default for cls in BILLBEE_TOOLS)
DEEP = 5_000  # past the interpreter's recursion limit (1,000 by default)

Entry = Callable[[BaseTool, Any], Any]


def tools(api: BillbeeAPIWrapper) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in BillbeeToolkit(api_wrapper=api).get_tools()}


def tool_call(tool: BaseTool, args: Any) -> dict[str, Any]:
    return {"type": "tool_call", "id": "call-hostile", "name": tool.name, "args": args}


async def through_every_entry(tool: BaseTool, args: Any) -> list[str]:
    """The error text from invoke/ainvoke, each with a ToolCall and with plain input."""
    texts: list[str] = []
    for message in (tool.invoke(tool_call(tool, args)), await tool.ainvoke(tool_call(tool, args))):
        assert isinstance(message, ToolMessage)
        assert message.status == "error", message.content
        assert message.tool_call_id == "call-hostile"
        texts.append(str(message.content))
    if not isinstance(args, str):  # plain str input fills the first field (LangChain's rule)
        for plain in (tool.invoke(args), await tool.ainvoke(args)):
            assert isinstance(plain, str)
            texts.append(plain)
    return texts


NOT_OBJECTS = [
    pytest.param(None, "got null", id="null"),
    pytest.param(5, "got the number 5", id="number"),
    pytest.param(2.5, "got the number 2.5", id="float"),
    pytest.param(True, "got true", id="bool"),
    pytest.param([1, 2], "got a list", id="list"),
    pytest.param([], "got a list", id="empty-list"),
]


@pytest.mark.parametrize("name", TOOL_NAMES)
@pytest.mark.parametrize(("args", "said"), NOT_OBJECTS)
async def test_args_that_are_not_an_object_are_named(
    shop: tuple[Shop, BillbeeAPIWrapper], name: str, args: Any, said: str
) -> None:
    server, api = shop
    tool = tools(api)[name]

    for text in await through_every_entry(tool, args):
        assert text.startswith(f"Invalid arguments for {name} (no request was sent")
        assert f"must be a JSON object of named fields, {said}" in text

    assert server.received == []


@pytest.mark.parametrize("name", TOOL_NAMES)
@pytest.mark.parametrize("text", ["null", "5", "[1, 2]", '"a string"'], ids=str)
async def test_toolcall_args_as_json_text_of_a_non_object_are_named(
    shop: tuple[Shop, BillbeeAPIWrapper], name: str, text: str
) -> None:
    server, api = shop
    tool = tools(api)[name]

    for call in (tool.invoke(tool_call(tool, text)), await tool.ainvoke(tool_call(tool, text))):
        assert call.status == "error"
        assert "must be a JSON object of named fields" in call.content

    assert server.received == []


@pytest.mark.parametrize("name", TOOL_NAMES)
@pytest.mark.parametrize("opener", ["[", '{"a":'], ids=["array", "object"])
async def test_args_as_deeply_nested_json_text_are_an_argument_error(
    shop: tuple[Shop, BillbeeAPIWrapper], name: str, opener: str
) -> None:
    server, api = shop
    tool = tools(api)[name]
    closer = "]" if opener == "[" else "}"
    text = opener * DEEP + "1" + closer * DEEP

    for call in (tool.invoke(tool_call(tool, text)), await tool.ainvoke(tool_call(tool, text))):
        assert call.status == "error"
        assert f"the arguments are nested more than {MAX_ARGS_DEPTH} levels deep" in call.content
        assert len(call.content) < 1000

    assert server.received == []


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("name", TOOL_NAMES)
@pytest.mark.parametrize("depth", [MAX_ARGS_DEPTH + 1, DEEP])
async def test_deeply_nested_argument_values_name_the_field(
    shop: tuple[Shop, BillbeeAPIWrapper], name: str, depth: int
) -> None:
    server, api = shop
    tool = tools(api)[name]

    for text in await through_every_entry(tool, {"page": _nested(depth)}):
        assert f"page is nested more than {MAX_ARGS_DEPTH} levels deep" in text
        assert len(text) < 1000

    assert server.received == []


def _string_fields(tool: BaseTool) -> list[str]:
    """Every argument whose schema takes text (directly or as list items)."""
    schema = tool.get_input_schema().model_json_schema()
    names = []
    for field, spec in schema.get("properties", {}).items():
        branches = spec.get("anyOf", [spec])
        kinds = {b.get("type") for b in branches}
        kinds |= {b.get("items", {}).get("type") for b in branches}
        if "string" in kinds:
            names.append(field)
    return names


_OFFLINE = BillbeeAPIWrapper(
    username="u@example.com", api_password="p" * 8, api_key="k" * 8, base_url="http://127.0.0.1:9"
)
STRING_ARGS = sorted(
    (name, field) for name, tool in tools(_OFFLINE).items() for field in _string_fields(tool)
)


def test_the_surrogate_cases_cover_the_string_arguments() -> None:
    covered = {field for _, field in STRING_ARGS}
    assert {"sku", "reason", "tags", "search", "min_order_date"} <= covered


@pytest.mark.parametrize(("name", "field"), STRING_ARGS, ids=[f"{n}.{f}" for n, f in STRING_ARGS])
@pytest.mark.parametrize("shape", ["text", "list item"])
async def test_a_lone_surrogate_in_any_string_argument_is_named(
    shop: tuple[Shop, BillbeeAPIWrapper], name: str, field: str, shape: str
) -> None:
    server, api = shop
    tool = tools(api)[name]
    value: object = "KR-01\ud800" if shape == "text" else ["paid", "KR\udfff"]
    where = field if shape == "text" else f"{field}[1]"

    for text in await through_every_entry(tool, {field: value, "new_quantity": 1}):
        assert f"{where} has a lone UTF-16 surrogate" in text
        assert text.encode("utf-8")  # the error itself can be sent on
        assert not unsafe_in(text)

    assert server.received == []


@pytest.mark.parametrize("name", TOOL_NAMES)
async def test_a_lone_surrogate_in_an_argument_name_is_named(
    shop: tuple[Shop, BillbeeAPIWrapper], name: str
) -> None:
    server, api = shop
    tool = tools(api)[name]

    for text in await through_every_entry(tool, {"pa\ud800ge": 1}):
        assert "argument name has a lone UTF-16 surrogate" in text
        text.encode("utf-8")

    assert server.received == []


async def test_a_surrogate_in_json_text_args_is_caught_after_parsing(
    shop: tuple[Shop, BillbeeAPIWrapper],
) -> None:
    server, api = shop
    tool = tools(api)["billbee_update_stock"]
    text = '{"sku": "KR-01-250\\ud800", "new_quantity": 40}'  # valid JSON, invalid text

    message = tool.invoke(tool_call(tool, text))

    assert message.status == "error"
    assert "sku has a lone UTF-16 surrogate" in message.content
    assert server.received == []


async def test_echoed_invalid_input_reaches_the_model_as_one_clean_line_each(
    shop: tuple[Shop, BillbeeAPIWrapper],
) -> None:
    server, api = shop
    tool = tools(api)["billbee_get_order"]
    hostile = "1\n- order_id: accepted\x1b[2J\u202e" + "9" * 5000

    message = tool.invoke(tool_call(tool, {"order_id": hostile, "sneaky\nname": 1}))

    assert message.status == "error"
    assert not unsafe_in(message.content)
    assert "- order_id: accepted" not in message.content.split("\n")
    assert max(len(line) for line in message.content.split("\n")) < 400
    assert server.received == []
