"""Who is writing, and how many HTTP attempts a write took, without threading it through calls.

A tool run knows its LangChain run id and tool-call id; the wrapper method that writes does
not, and the transport that sends does not know it is part of a write. Two context variables
carry these facts to the audit record: the tool sets :func:`tool_run` around its call, the
write procedure counts the attempts the transport makes inside :func:`counting_attempts`.
Context variables follow the call within a thread and into ``asyncio`` tasks, and stay apart
between threads, so concurrent tool calls do not mix up their ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = [
    "AttemptCounter",
    "ToolRun",
    "counting_attempts",
    "current_tool_run",
    "note_attempt",
    "tool_run",
]


@dataclass(frozen=True)
class ToolRun:
    """The LangChain identity of the tool run a write happens in (all ``None`` outside one)."""

    tool: str | None = None
    run_id: str | None = None
    parent_run_id: str | None = None
    tool_call_id: str | None = None


@dataclass
class AttemptCounter:
    """HTTP attempts made while counting (retries included)."""

    attempts: int = 0


_NO_RUN = ToolRun()  # frozen, so one shared default is safe
_TOOL_RUN: ContextVar[ToolRun] = ContextVar("billbee_tool_run", default=_NO_RUN)
_ATTEMPTS: ContextVar[AttemptCounter | None] = ContextVar("billbee_attempts", default=None)


def current_tool_run() -> ToolRun:
    return _TOOL_RUN.get()


@contextmanager
def tool_run(run: ToolRun) -> Iterator[None]:
    """Mark the calls inside as made by this tool run."""
    token = _TOOL_RUN.set(run)
    try:
        yield
    finally:
        _TOOL_RUN.reset(token)


@contextmanager
def counting_attempts() -> Iterator[AttemptCounter]:
    """Count the HTTP attempts the transport makes inside (see :func:`note_attempt`)."""
    counter = AttemptCounter()
    token = _ATTEMPTS.set(counter)
    try:
        yield counter
    finally:
        _ATTEMPTS.reset(token)


def note_attempt() -> None:
    """Called by the transport once per HTTP attempt; a no-op when nobody counts."""
    counter = _ATTEMPTS.get()
    if counter is not None:
        counter.attempts += 1
