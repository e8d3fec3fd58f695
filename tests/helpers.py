"""What every test tier shares: the one fake clock and the one way to call a tool.

The wrapper factories stay per tier because each tier's wrapper reaches something else
(nowhere, a scripted adapter, the sandbox): ``tests.unit.tools._helpers.make_wrapper``,
``tests.unit.core.fakes.make_api``, ``tests.reliability._support.fast_wrapper``.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool


class FakeClock:
    """A monotonic clock for the wrapper's and the sandbox's ``clock``/``sleep`` seams.

    Call it for the time. ``sleep(seconds)`` records the wait in ``sleeps`` and moves time on,
    so a backoff or a throttle wait costs nothing while the delay chosen stays observable;
    ``advance(seconds)`` (or setting ``now``) moves it by hand. ``step`` is added at every
    reading (> 0 lets every time window expire); ``min_sleep`` > 0 makes each sleep move time
    at least that much, for threads that wait on a remainder rounding to nothing. Thread-safe.
    """

    def __init__(self, start: float = 1000.0, *, step: float = 0.0, min_sleep: float = 0.0) -> None:
        self.now = start
        self.step = step
        self.min_sleep = min_sleep
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            self.now += self.step
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(seconds, self.min_sleep)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


def _tool_call(
    tool: BaseTool, args: Mapping[str, Any] | None, call_id: str, kwargs: Any
) -> dict[str, Any]:
    return {
        "type": "tool_call",
        "id": call_id,
        "name": tool.name,
        "args": {**(args or {}), **kwargs},
    }


def call(
    tool: BaseTool,
    args: Mapping[str, Any] | None = None,
    /,
    *,
    call_id: str = "call-1",
    **kwargs: Any,
) -> ToolMessage:
    """Invoke as an agent loop does (a ToolCall), so the result is a ToolMessage; any
    exception here fails the test. Arguments as a mapping (any key a model may send) and/or
    as keywords."""
    message = tool.invoke(_tool_call(tool, args, call_id, kwargs))
    assert isinstance(message, ToolMessage), f"{tool.name} returned {type(message).__name__}"
    return message


async def acall(
    tool: BaseTool,
    args: Mapping[str, Any] | None = None,
    /,
    *,
    call_id: str = "call-1",
    **kwargs: Any,
) -> ToolMessage:
    """:func:`call` through ``ainvoke``."""
    message = await tool.ainvoke(_tool_call(tool, args, call_id, kwargs))
    assert isinstance(message, ToolMessage), f"{tool.name} returned {type(message).__name__}"
    return message


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """No garbage collection inside: a full collection over a test process's heap (a worker
    that ran hundreds of tests) stalls every thread for tens of milliseconds, between a request
    leaving the limiter and the sandbox counting it. A test that counts requests against a time
    window measures the client, not the collector."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


SCHEDULING_JITTER_S = 0.25
"""What a loaded 2-core test machine may delay a request between the limiter releasing it and
an in-process sandbox counting it: the thread scheduling of the client, of Redis and of the
sandbox, whose handler waits for the interpreter the client's threads hold. Tests that assert
"no 429" against Billbee's 2-per-second rule shorten the sandbox's window by this much. One
budget's spacing (0.52 s) puts any three requests at least 1.04 s apart, so the rule holds
with room to spare; a limiter that is bypassed or not shared puts three within 0.52 s and is
caught as surely as by the exact rule. 0.1 s was too little: under the whole suite on three
workers, one request in a run was counted 150 ms late and refused."""
