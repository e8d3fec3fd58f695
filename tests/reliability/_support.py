"""Helpers for the reliability suite: a fake clock, fast wrappers, tools by name.

The wrapper's ``sleep`` and ``clock`` seams are replaced by :class:`FakeTime`: backoff and
Retry-After waits advance a counter instead of blocking, so a test of four retries takes
milliseconds while the delays the wrapper chose stay observable (``fake_time.sleeps``).
Network timeouts stay real: they are short (``TIMEOUT_S``) only where a test needs them.
"""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee.toolkit import BillbeeToolkit

TIMEOUT_S = 0.2
"""Client timeout for the fault tests (the sandbox's "slow" fault waits longer); other tests
keep a generous one so a busy machine cannot turn a large page into a spurious timeout."""


class FakeTime:
    """A monotonic clock that only ``sleep`` moves; thread-safe, records every sleep."""

    def __init__(self, step: float = 0.0) -> None:
        self._now = 1000.0
        self._step = step  # added on every reading; > 0 lets every time window expire
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def clock(self) -> float:
        with self._lock:
            self._now += self._step
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(seconds, 0.0)


def fast_wrapper(sandbox: Any, fake: FakeTime, **overrides: Any) -> BillbeeAPIWrapper:
    """A wrapper on ``sandbox`` with the limiter off and waits that cost no time."""
    settings: dict[str, Any] = {
        "requests_per_second": None,
        "timeout": 10.0,
        "sleep": fake.sleep,
        "clock": fake.clock,
        **overrides,
    }
    api = sandbox.api_wrapper(**settings)
    assert isinstance(api, BillbeeAPIWrapper)
    return api


def tools_by_name(api: BillbeeAPIWrapper) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in BillbeeToolkit(api_wrapper=api).get_tools()}


def call(tool: BaseTool, args: dict[str, Any], call_id: str = "call-1") -> ToolMessage:
    """Invoke as an agent loop does; any exception here is a failed reliability test."""
    message = tool.invoke({"type": "tool_call", "id": call_id, "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage), f"{tool.name} returned {type(message).__name__}"
    return message
