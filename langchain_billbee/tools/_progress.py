"""A summary's progress, told to whoever listens to the current run (LangChain callbacks and
LangGraph's stream), so a long walk over thousands of orders shows it is alive."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import dispatch_custom_event
from langchain_core.runnables.config import ensure_config, get_callback_manager_for_config

from langchain_billbee.summary import SummaryProgress

__all__ = ["PROGRESS_EVENT", "report_progress"]

PROGRESS_EVENT = "billbee_progress"
"""Name of the custom callback event a summary sends after every page it reads."""


def report_progress(progress: SummaryProgress) -> None:
    """Send ``progress`` to whoever listens to the current run; nobody listening costs nothing.

    Two channels, because LangChain and LangGraph stream separately: a custom callback event
    (``on_custom_event`` handlers, ``astream_events``), and inside a LangGraph graph, such as
    ``create_agent``'s, the graph's stream writer (``stream_mode="custom"``).
    """
    event = progress.as_event()
    config = ensure_config()
    if get_callback_manager_for_config(config).parent_run_id is not None:
        dispatch_custom_event(PROGRESS_EVENT, event, config=config)
    _write_to_graph_stream({"event": PROGRESS_EVENT, **event})


def _write_to_graph_stream(chunk: dict[str, Any]) -> None:
    try:  # LangGraph is optional: the core package needs only langchain-core
        from langgraph.config import get_stream_writer
    except ImportError:
        return
    try:
        writer = get_stream_writer()
    except (RuntimeError, LookupError):  # not inside a graph run (outside any run, or a plain one)
        return
    writer(chunk)
