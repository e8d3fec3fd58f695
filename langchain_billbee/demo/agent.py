"""Building the demo agent and running one task through it, approvals included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from langchain.agents import create_agent
from langchain.agents.middleware import HumanInTheLoopMiddleware
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Interrupt

from langchain_billbee.demo.approval import Reviewer
from langchain_billbee.demo.tasks import Task
from langchain_billbee.demo.transcript import Transcript
from langchain_billbee.toolkit import BillbeeToolkit
from langchain_billbee.tools.summaries import PROGRESS_EVENT

__all__ = ["ProgressPrinter", "build_agent", "run_task"]

# A model that keeps calling tools is stopped well before it could exhaust an account's quota.
RECURSION_LIMIT = 30

SYSTEM_PROMPT = """You help a seller run their business in Billbee, an order-management system.
Today is {today}. "Recent" means the last 30 days unless the user says otherwise.
Use the Billbee tools to answer; do not invent data. Order ids are Billbee's BillBeeOrderId.
Writes (changing an order's state or stock) are reviewed by a person before they run; if one
is rejected, do not retry it: tell the user it was not done.
Answer concisely, with the numbers that matter."""

Agent = CompiledStateGraph[Any, Any, Any, Any]


def build_agent(model: BaseChatModel, toolkit: BillbeeToolkit, today: date) -> Agent:
    """``create_agent`` with the toolkit, human approval of writes and a checkpointer.

    The checkpointer is what lets the agent pause at an approval and resume where it stopped.
    """
    return create_agent(
        model,
        tools=toolkit.get_tools(),
        system_prompt=SYSTEM_PROMPT.format(today=today.isoformat()),
        middleware=[HumanInTheLoopMiddleware(interrupt_on=toolkit.interrupt_on())],
        checkpointer=InMemorySaver(),
    )


class ProgressPrinter(BaseCallbackHandler):
    """Prints the progress events a long Billbee tool call sends (a summary reading pages).

    A LangChain callback handler like any other: the tools dispatch the events, whoever runs
    the agent decides whether and how to show them.
    """

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript

    def on_custom_event(
        self,
        name: str,
        data: Any,
        *,
        run_id: UUID,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if name != PROGRESS_EVENT or not isinstance(data, dict):
            return
        shown = min(data.get("matching", 0), data.get("max_orders", 0)) or data.get("matching", 0)
        self.transcript.progress(
            f"read {data.get('orders_read', 0):,} of {shown:,} orders "
            f"(page {data.get('pages_read', 0)} of {data.get('total_pages', 0)})"
        )


def run_task(
    agent: Agent, task: Task, reviewer: Reviewer, transcript: Transcript
) -> list[BaseMessage]:
    """Run ``task`` to its final answer, printing as it goes; returns the conversation."""
    config: RunnableConfig = {
        "configurable": {"thread_id": f"demo-task-{task.label}"},
        "recursion_limit": RECURSION_LIMIT,
        "callbacks": [ProgressPrinter(transcript)],
    }
    payload: Any = {"messages": [HumanMessage(task.prompt)]}
    printed: set[str | None] = set()
    messages: list[BaseMessage] = []
    while True:
        for messages in _stream_messages(agent, payload, config):
            fresh = [m for m in messages if m.id not in printed]
            printed.update(m.id for m in fresh)
            transcript.messages(fresh)
        pending = agent.get_state(config).interrupts
        if not pending:
            return messages
        payload = Command(resume=_review(pending, task, reviewer, transcript))


def _stream_messages(
    agent: Agent, payload: Any, config: RunnableConfig
) -> Iterator[list[BaseMessage]]:
    # "values" yields the whole state after each step, so tool calls and results appear while
    # the throttled requests are still being made.
    for state in agent.stream(payload, config, stream_mode="values"):
        if isinstance(state, dict) and "messages" in state:
            yield list(state["messages"])


def _review(
    pending: tuple[Interrupt, ...], task: Task, reviewer: Reviewer, transcript: Transcript
) -> dict[str, Any]:
    """One decision per paused write; resume values keyed by interrupt id."""
    answers: dict[str, Any] = {}
    for interrupt in pending:
        request = interrupt.value if isinstance(interrupt.value, dict) else {}
        decisions = []
        for action in request.get("action_requests", []):
            transcript.approval(action["name"], action["args"], action.get("description", ""))
            decision = reviewer.decide(task.planned, action["name"], action["args"])
            transcript.decision(decision.verdict, decision.how, decision.reason)
            decisions.append(decision.resume_value())
        answers[interrupt.id] = {"decisions": decisions}
    return answers
