"""A deterministic tool-calling chat model that stands in when no LLM is configured.

It behaves like an LLM inside ``create_agent``: it reads the conversation (the user's request
and the ToolMessages since), and either calls a tool or answers. The choice of calls is scripted
(:mod:`.plans`); the calls themselves run the real tools against Billbee or the sandbox, and the
answer is computed from the records the tools returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from langchain_billbee.demo.plans import Answer, Observation, next_step, parse_request

__all__ = ["ScriptedBillbeeModel", "observations"]


def _tool_name(tool: dict[str, Any] | type | Callable[..., Any] | BaseTool) -> str:
    if isinstance(tool, BaseTool):
        return tool.name
    return str(convert_to_openai_tool(tool)["function"]["name"])


def _current_turn(messages: Sequence[BaseMessage]) -> tuple[str, list[BaseMessage]]:
    """The latest user request and the messages after it (earlier turns are other tasks)."""
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return str(messages[index].text), list(messages[index + 1 :])
    return "", list(messages)


def observations(messages: Sequence[BaseMessage]) -> list[Observation]:
    """The tool results in ``messages``, each paired with the arguments of its call."""
    calls = {
        call["id"]: call
        for message in messages
        if isinstance(message, AIMessage)
        for call in message.tool_calls
    }
    seen: list[Observation] = []
    for message in messages:
        if not isinstance(message, ToolMessage):
            continue
        call = calls.get(message.tool_call_id)
        seen.append(
            Observation(
                tool=message.name or (call["name"] if call else ""),
                args=dict(call["args"]) if call else {},
                content=str(message.text),
                artifact=_records(message.artifact),
                ok=message.status != "error",
            )
        )
    return seen


def _records(artifact: Any) -> Any:
    """A tool result's records; a tool loaded from an MCP server by langchain-mcp-adapters
    wraps them as ``{"structured_content": ...}``."""
    if isinstance(artifact, dict) and set(artifact) == {"structured_content"}:
        return artifact["structured_content"]
    return artifact


class ScriptedBillbeeModel(BaseChatModel):
    """Plans the demo's Billbee tool calls by script instead of by an LLM.

    ``today`` anchors "recent" (the sandbox's data has its own fixed "now"). The tools bound by
    ``bind_tools`` matter: with read-only tools the planner says it cannot write instead of
    calling a tool the agent does not have.
    """

    today: date
    bound_tools: frozenset[str] = frozenset()

    @property
    def _llm_type(self) -> str:
        return "scripted-billbee-demo"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        # A copy that knows the tool names, rather than a RunnableBinding: the script has no
        # use for the JSON schemas an LLM would receive.
        return self.model_copy(update={"bound_tools": frozenset(map(_tool_name, tools))})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        request_text, turn = _current_turn(messages)
        step = next_step(
            parse_request(request_text),
            observations(turn),
            today=self.today,
            tools=self.bound_tools,
        )
        if isinstance(step, Answer):
            message = AIMessage(content=step.text)
        else:
            # Unique within the thread: the number of messages only grows.
            call_id = f"scripted_call_{len(messages)}"
            message = AIMessage(
                content="",
                tool_calls=[
                    {"name": step.name, "args": step.args, "id": call_id, "type": "tool_call"}
                ],
            )
        return ChatResult(generations=[ChatGeneration(message=message)])
