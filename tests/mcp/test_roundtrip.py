"""Round trip: langchain-mcp-adapters loads the server's tools into ``create_agent``, and the
demo's first task gets the same answer through MCP as through the toolkit."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import BaseTool
from langchain_mcp_adapters.tools import load_mcp_tools
from mcp import ClientSession

from langchain_billbee import BillbeeToolkit
from langchain_billbee.demo.scripted_model import ScriptedBillbeeModel
from langchain_billbee.demo.tasks import UNSHIPPED_PROMPT
from langchain_billbee.sandbox import ANCHOR, BillbeeSandbox
from tests.mcp.conftest import Fleet


async def run_first_task(tools: list[BaseTool]) -> list[Any]:
    agent = create_agent(ScriptedBillbeeModel(today=ANCHOR.date()), tools=tools)
    state = await agent.ainvoke({"messages": [HumanMessage(UNSHIPPED_PROMPT)]})
    return list(state["messages"])


async def through_adapters(session: ClientSession) -> list[Any]:
    return await run_first_task(await load_mcp_tools(session))


def test_the_first_demo_task_answers_the_same_through_mcp(fleet: Fleet) -> None:
    through_mcp = fleet.full_records.ready().run(through_adapters)
    with BillbeeSandbox() as shop:
        toolkit = BillbeeToolkit(api_wrapper=shop.api_wrapper(), read_only=True)
        direct = asyncio.run(run_first_task(toolkit.get_tools()))

    results = [m for m in through_mcp if isinstance(m, ToolMessage)]
    assert results and all(m.status != "error" for m in results)
    assert all("structured_content" in m.artifact for m in results)  # records came over MCP
    assert [m.text for m in results] == [m.text for m in direct if isinstance(m, ToolMessage)]
    assert through_mcp[-1].text == direct[-1].text
    assert "order" in through_mcp[-1].text
