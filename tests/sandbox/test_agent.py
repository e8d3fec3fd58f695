"""The toolkit inside ``create_agent`` with a scripted tool-calling model, over the sandbox.

The model is fake (it replays tool calls), everything below it is real: LangChain's agent loop
and tool node, the tools, the wrapper and HTTP to the sandbox. The point is that a failing call
(unknown order, invalid argument) comes back to the model as an error ToolMessage and the run
goes on, sync and async, and that human approval gates the writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import HumanInTheLoopMiddleware
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolCall, ToolMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

UNKNOWN_ORDER_ID = 999_999_999_999


class ScriptedChatModel(GenericFakeChatModel):
    """Replays AI messages; binding tools changes nothing because the script names them."""

    def bind_tools(
        self, tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool], **_: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self


def calls(*items: tuple[str, dict[str, Any]]) -> AIMessage:
    tool_calls = [
        ToolCall(name=name, args=args, id=f"call-{name}-{n}", type="tool_call")
        for n, (name, args) in enumerate(items)
    ]
    return AIMessage(content="", tool_calls=tool_calls)


def model(*turns: AIMessage) -> ScriptedChatModel:
    return ScriptedChatModel(messages=iter(turns))


def paid_order_id(api: BillbeeAPIWrapper) -> int:
    page = api.list_orders(order_state_ids=[3], page_size=1)
    assert page.items, "the sandbox's demo data has paid orders"
    return page.items[0].bill_bee_order_id


def survival_script(order_id: int) -> ScriptedChatModel:
    return model(
        calls(("billbee_list_orders", {"order_state_ids": [3], "page_size": 3})),
        calls(
            ("billbee_get_order", {"order_id": UNKNOWN_ORDER_ID}),  # Billbee answers 404
            ("billbee_update_order_state", {"order_id": order_id, "new_state_id": 99}),  # invalid
        ),
        calls(("billbee_get_order", {"order_id": order_id})),
        AIMessage(content=f"Order {order_id} is paid."),
    )


def check_survival(messages: list[BaseMessage], api: BillbeeAPIWrapper, order_id: int) -> None:
    results = [m for m in messages if isinstance(m, ToolMessage)]
    statuses = [(m.name, m.status) for m in results]
    assert statuses == [
        ("billbee_list_orders", "success"),
        ("billbee_get_order", "error"),
        ("billbee_update_order_state", "error"),
        ("billbee_get_order", "success"),
    ]
    assert "no such record" in str(results[1].content)
    assert "Invalid arguments for billbee_update_order_state" in str(results[2].content)
    assert str(order_id) in str(results[3].content)
    assert messages[-1].content == f"Order {order_id} is paid."
    assert api.get_order(order_id).state == 3  # the invalid write sent nothing


def test_agent_survives_failing_tool_calls(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    agent = create_agent(
        survival_script(order_id), tools=BillbeeToolkit(api_wrapper=api).get_tools()
    )

    result = agent.invoke({"messages": [HumanMessage("Is my latest paid order all right?")]})

    check_survival(result["messages"], api, order_id)


async def test_agent_survives_failing_tool_calls_async(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    agent = create_agent(
        survival_script(order_id), tools=BillbeeToolkit(api_wrapper=api).get_tools()
    )

    result = await agent.ainvoke({"messages": [HumanMessage("Is my latest paid order all right?")]})

    check_survival(result["messages"], api, order_id)


def approval_agent(api: BillbeeAPIWrapper, order_id: int) -> Any:
    """An agent whose model asks to mark ``order_id`` shipped, writes gated by approval."""
    toolkit = BillbeeToolkit(api_wrapper=api)
    return create_agent(
        model(
            calls(("billbee_update_order_state", {"order_id": order_id, "new_state_id": 4})),
            AIMessage(content="Done."),
        ),
        tools=toolkit.get_tools(),
        middleware=[HumanInTheLoopMiddleware(interrupt_on=dict(toolkit.interrupt_on()))],
        checkpointer=InMemorySaver(),
    )


@pytest.mark.parametrize(("decision", "expected_state"), [("approve", 4), ("reject", 3)])
def test_writes_wait_for_human_approval(
    sandbox: BillbeeSandbox, decision: str, expected_state: int
) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    agent = approval_agent(api, order_id)
    config: Any = {"configurable": {"thread_id": f"approval-{decision}"}}

    paused = agent.invoke({"messages": [HumanMessage("Mark it shipped.")]}, config)

    (interrupt,) = paused["__interrupt__"]
    (request,) = interrupt.value["action_requests"]
    assert request["name"] == "billbee_update_order_state"
    assert "Billbee pushes" in request["description"]
    assert api.get_order(order_id).state == 3  # nothing written while waiting

    resumed = agent.invoke(Command(resume={"decisions": [{"type": decision}]}), config)

    assert api.get_order(order_id).state == expected_state
    (result,) = [m for m in resumed["messages"] if isinstance(m, ToolMessage)]
    assert result.status == ("success" if decision == "approve" else "error")
    assert resumed["messages"][-1].content == "Done."


@pytest.mark.parametrize(
    ("edited_state", "expected_state", "status"),
    [(7, 7, "success"), (99, 3, "error")],  # the reviewer's args run, and are validated too
)
def test_an_edited_write_runs_with_the_reviewers_args_validated(
    sandbox: BillbeeSandbox, edited_state: int, expected_state: int, status: str
) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    agent = approval_agent(api, order_id)
    config: Any = {"configurable": {"thread_id": f"edit-{edited_state}"}}
    agent.invoke({"messages": [HumanMessage("Mark it shipped.")]}, config)
    edited = {"order_id": order_id, "new_state_id": edited_state}
    decision = {
        "type": "edit",
        "edited_action": {"name": "billbee_update_order_state", "args": edited},
    }

    resumed = agent.invoke(Command(resume={"decisions": [decision]}), config)

    (result,) = [m for m in resumed["messages"] if isinstance(m, ToolMessage)]
    assert result.status == status
    if status == "error":
        assert "new_state_id: must be between 1 and 17" in str(result.content)
    assert api.get_order(order_id).state == expected_state
