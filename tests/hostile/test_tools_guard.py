"""The last guard at the tool boundary: no exception of any kind reaches the agent loop.

Whatever a bug, a dependency or a hostile answer raises inside a tool becomes an error
ToolMessage in one plain sentence: "nothing was changed" for reads and for anything that failed
before the request, "may have landed" with where to check for writes. The traceback goes to the
package's log, credentials scrubbed. Control-flow signals of the agent runtime (LangGraph's
interrupts, asyncio cancellation) still pass, because swallowing them would break the runtime.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import pytest
from langchain.agents import create_agent
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, ToolCall, ToolMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langgraph.errors import GraphInterrupt
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee.toolkit import BillbeeToolkit
from tests.hostile._records import Shop
from tests.hostile._support import API_KEY, BASIC_TOKEN, SECRETS, USERNAME

# (tool, the wrapper method its call reaches, args)
READS = [
    ("billbee_list_orders", "list_orders", {}),
    ("billbee_get_order", "get_order", {"order_id": 1}),
    ("billbee_list_products", "list_products", {}),
    ("billbee_list_customers", "list_customers", {}),
    ("billbee_list_invoices", "list_invoices", {}),
    ("billbee_get_order_states", "get_order_states", {}),
]
WRITES = [
    ("billbee_update_order_state", "update_order_state", {"order_id": 1, "new_state_id": 4}),
    ("billbee_update_stock", "update_stock", {"sku": "KR-01-250", "new_quantity": 40}),
]


class Unprintable(Exception):
    """An exception whose own text cannot be produced."""

    def __str__(self) -> str:
        raise RuntimeError("no text")


def _bugs() -> list[BaseException]:
    return [
        KeyError(f"Authorization: Basic {BASIC_TOKEN}"),
        RecursionError("maximum recursion depth exceeded"),
        UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
        TypeError(f"bad header {API_KEY}"),
        ZeroDivisionError("division by zero"),
        MemoryError(),
        Unprintable(),
    ]


BUGS = [pytest.param(error, id=type(error).__name__) for error in _bugs()]


def tools(api: BillbeeAPIWrapper) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in BillbeeToolkit(api_wrapper=api).get_tools()}


def breaks(
    monkeypatch: pytest.MonkeyPatch, method: str, error: BaseException
) -> Callable[..., Any]:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(BillbeeAPIWrapper, method, broken)
    return broken


def tool_call(name: str, args: dict[str, Any]) -> ToolCall:
    return ToolCall(name=name, args=args, id=f"call-{name}", type="tool_call")


def assert_logged_without_secrets(caplog: pytest.LogCaptureFixture, name: str, kind: str) -> None:
    records = [r for r in caplog.records if r.name == "langchain_billbee.tools"]
    assert records, "the unexpected error was not logged"
    logged = "\n".join(r.getMessage() for r in records)
    assert f"unexpected error in {name}" in logged
    assert "Traceback" in logged and kind in logged
    assert all(r.levelno == logging.ERROR for r in records)
    assert not [s for s in (*SECRETS, USERNAME) if s in logged]


@pytest.mark.parametrize("error", BUGS)
@pytest.mark.parametrize(("name", "method", "args"), READS)
async def test_an_unexpected_error_in_a_read_says_nothing_was_changed(
    shop: tuple[Shop, BillbeeAPIWrapper],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    name: str,
    method: str,
    args: dict[str, Any],
    error: BaseException,
) -> None:
    _, api = shop
    tool = tools(api)[name]
    breaks(monkeypatch, method, error)
    kind = type(error).__name__

    messages = [tool.invoke(tool_call(name, args)), await tool.ainvoke(tool_call(name, args))]
    plain = [tool.invoke(args), await tool.ainvoke(args)]

    for message in messages:
        assert isinstance(message, ToolMessage)
        assert message.status == "error"
        assert message.tool_call_id == f"call-{name}"
    for text in [str(m.content) for m in messages] + plain:
        assert text.startswith(f"unexpected error in {name}: {kind}; nothing was changed.")
        assert not [s for s in (*SECRETS, USERNAME) if s in text]
    assert_logged_without_secrets(caplog, name, kind)


@pytest.mark.parametrize("error", BUGS)
@pytest.mark.parametrize(("name", "method", "args"), WRITES)
async def test_an_unexpected_error_in_a_write_says_it_may_have_landed(
    shop: tuple[Shop, BillbeeAPIWrapper],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    name: str,
    method: str,
    args: dict[str, Any],
    error: BaseException,
) -> None:
    _, api = shop
    tool = tools(api)[name]
    breaks(monkeypatch, method, error)
    kind = type(error).__name__
    check = "billbee_get_order" if name == "billbee_update_order_state" else "billbee_list_products"

    messages = [tool.invoke(tool_call(name, args)), await tool.ainvoke(tool_call(name, args))]

    for message in messages:
        assert message.status == "error"
        text = str(message.content)
        assert text.startswith(f"unexpected error in {name}: {kind}; the change may have landed")
        assert f"with {check} before calling {name} again" in text
    assert_logged_without_secrets(caplog, name, kind)


async def test_a_write_that_failed_before_its_request_says_nothing_was_changed(
    shop: tuple[Shop, BillbeeAPIWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing the arguments is before any request: even a write has changed nothing then."""
    server, api = shop
    tool = tools(api)["billbee_update_stock"]

    def broken_parse(*args: Any, **kwargs: Any) -> Any:
        raise LookupError("schema machinery broke")

    monkeypatch.setattr(BaseTool, "_parse_input", broken_parse)

    message = tool.invoke(tool_call(tool.name, {"sku": "KR-01-250", "new_quantity": 40}))

    assert message.status == "error"
    assert message.content.startswith(
        "unexpected error in billbee_update_stock: LookupError; nothing was changed."
    )
    assert server.received == []


class FailingCallback(BaseCallbackHandler):
    """A tracing callback that raises, with ``raise_error`` so LangChain does not swallow it."""

    raise_error = True

    def on_tool_start(self, serialized: dict[str, Any], input_str: str, **kwargs: Any) -> None:
        raise RuntimeError(f"tracer down (token {BASIC_TOKEN})")

    def on_tool_end(self, output: Any, *, run_id: UUID, **kwargs: Any) -> None:
        raise RuntimeError("tracer down")


async def test_an_error_outside_the_tool_body_is_caught_at_the_boundary(
    shop: tuple[Shop, BillbeeAPIWrapper], caplog: pytest.LogCaptureFixture
) -> None:
    server, api = shop
    tool = tools(api)["billbee_get_order_states"]
    config: Any = {"callbacks": [FailingCallback()]}

    message = tool.invoke(tool_call(tool.name, {}), config)
    async_message = await tool.ainvoke(tool_call(tool.name, {}), config)
    plain = tool.invoke({}, config)

    for result in (message, async_message):
        assert isinstance(result, ToolMessage)
        assert result.status == "error"
        assert result.tool_call_id == "call-billbee_get_order_states"
        assert result.content.startswith("unexpected error in billbee_get_order_states: Runtime")
    assert isinstance(plain, str) and plain.startswith("unexpected error in")
    assert_logged_without_secrets(caplog, tool.name, "RuntimeError")
    assert server.received == []


@pytest.mark.parametrize(
    "signal",
    [GraphInterrupt(()), asyncio.CancelledError()],
    ids=["GraphInterrupt", "CancelledError"],
)
async def test_runtime_signals_pass_the_guard(
    shop: tuple[Shop, BillbeeAPIWrapper],
    monkeypatch: pytest.MonkeyPatch,
    signal: BaseException,
) -> None:
    _, api = shop
    tool = tools(api)["billbee_get_order"]
    breaks(monkeypatch, "get_order", signal)

    with pytest.raises(type(signal)):
        tool.invoke(tool_call(tool.name, {"order_id": 1}))
    with pytest.raises(type(signal)):
        await tool.ainvoke(tool_call(tool.name, {"order_id": 1}))


# ---- what the agent loop sees ------------------------------------------------------------------

HOSTILE_CALLS = [
    tool_call("billbee_get_order", {"order_id": 1}),  # the wrapper raises KeyError
    tool_call("billbee_update_stock", {"sku": "KR-01\ud800", "new_quantity": 1}),
    tool_call(
        "billbee_list_orders",
        {"tags": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
    ),
    tool_call("billbee_list_products", {"page": "\x00\x1b[2J"}),
]
EXPECTED = [
    "unexpected error in billbee_get_order: KeyError; nothing was changed.",
    "sku has a lone UTF-16 surrogate",
    "tags is nested more than 32 levels deep",
    "page: must be a whole number",
]


def check_tool_messages(messages: Sequence[Any]) -> None:
    results = [m for m in messages if isinstance(m, ToolMessage)]
    assert [m.status for m in results] == ["error"] * len(HOSTILE_CALLS)
    for result, expected in zip(results, EXPECTED, strict=True):
        assert expected in result.content
        result.content.encode("utf-8")  # sendable to any model provider


async def test_a_tool_node_turns_every_hostile_call_into_an_error_message(
    shop: tuple[Shop, BillbeeAPIWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, api = shop
    breaks(monkeypatch, "get_order", KeyError("x"))
    graph = StateGraph(MessagesState)
    graph.add_node("tools", ToolNode(BillbeeToolkit(api_wrapper=api).get_tools()))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    app = graph.compile()
    state: Any = {"messages": [AIMessage(content="", tool_calls=HOSTILE_CALLS)]}

    check_tool_messages(app.invoke(state)["messages"])
    check_tool_messages((await app.ainvoke(state))["messages"])
    assert server.received == []


class ScriptedChatModel(GenericFakeChatModel):
    def bind_tools(
        self, tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool], **_: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self


async def test_an_agent_run_survives_every_hostile_call(
    shop: tuple[Shop, BillbeeAPIWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, api = shop
    breaks(monkeypatch, "get_order", KeyError("x"))
    turns = [AIMessage(content="", tool_calls=HOSTILE_CALLS), AIMessage(content="Sorry.")]

    for run in ("sync", "async"):
        model = ScriptedChatModel(messages=iter(list(turns)))
        agent = create_agent(model, tools=BillbeeToolkit(api_wrapper=api).get_tools())
        question = {"messages": [HumanMessage("Check my shop.")]}
        result = agent.invoke(question) if run == "sync" else await agent.ainvoke(question)

        check_tool_messages(result["messages"])
        assert result["messages"][-1].content == "Sorry."
    assert server.received == []
