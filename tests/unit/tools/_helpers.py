"""Helpers shared by the tool tests: a wrapper that reaches nothing, agent-style calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from langchain_billbee._client import BillbeeAPIWrapper

USERNAME = "tools-test@example.com"
API_PASSWORD = "dummy-api-password-4711"
API_KEY = "dummy-api-key-0815"
NOWHERE = "https://billbee.invalid/api/v1"

FakeApi = Callable[..., mock.Mock]
"""The ``fake_api`` fixture: install a mock for one wrapper method by name."""


def make_wrapper() -> BillbeeAPIWrapper:
    """Dummy credentials, an unresolvable host, no limiter, no retries."""
    return BillbeeAPIWrapper(
        username=USERNAME,
        api_password=API_PASSWORD,
        api_key=API_KEY,
        base_url=NOWHERE,
        requests_per_second=None,
        max_retries=0,
    )


def call(tool: BaseTool, **args: Any) -> ToolMessage:
    """Invoke like an agent does (a ToolCall), so the result is a ToolMessage."""
    message = tool.invoke({"type": "tool_call", "id": "call-1", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


async def acall(tool: BaseTool, **args: Any) -> ToolMessage:
    call_ = {"type": "tool_call", "id": "call-1", "name": tool.name, "args": args}
    message = await tool.ainvoke(call_)
    assert isinstance(message, ToolMessage)
    return message
