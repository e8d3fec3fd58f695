"""A tool's ``ToolMessage`` as an MCP ``CallToolResult``, within the result size cap.

The text content is the tool's compact text, unchanged. ``structuredContent`` carries the
artifact (the full records) where the protocol has it. Several clients (Claude Code, VS Code)
hand ``structuredContent`` to the model *instead of* the text, and Claude Code refuses results
over 25,000 tokens, so the whole result — text plus records — is held under one cap: whole
records are left out of ``structuredContent`` first (and the omission is stated in it), the
text is cut only if it alone is over.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import ToolMessage
from mcp import types

__all__ = ["MAX_RESULT_CHARS", "error_result", "fit_records", "tool_result"]

MAX_RESULT_CHARS = 50_000
"""Characters of text plus serialized records in one result. Claude Code's limit is 25,000
tokens; JSON full of numbers and ids runs at 2-3 characters per token, so 50,000 stays under."""

_CUT_NOTE = (
    "\n[cut at {cap} characters: MCP clients refuse larger tool results. Ask for fewer "
    "records, e.g. a smaller page_size.]"
)


def error_result(text: str, *, cap: int = MAX_RESULT_CHARS) -> types.CallToolResult:
    """A tool error the model reads (``isError``), never a protocol error."""
    return types.CallToolResult(content=[_text(text, cap)], isError=True)


def tool_result(message: ToolMessage, *, structured: bool, cap: int) -> types.CallToolResult:
    """The MCP result for one tool run; an error ``ToolMessage`` stays an error."""
    text = _message_text(message)
    if message.status == "error":
        return error_result(text, cap=cap)
    content = _text(text, cap)
    if not structured:
        return types.CallToolResult(content=[content])
    artifact = (
        message.artifact if isinstance(message.artifact, dict) else {"Data": message.artifact}
    )
    records = fit_records(artifact, max(cap - len(content.text), 0))
    return types.CallToolResult(content=[content], structuredContent=records)


def fit_records(artifact: dict[str, Any], budget: int) -> dict[str, Any]:
    """``artifact`` if its JSON fits ``budget`` characters, else as many whole records as fit.

    A cut artifact says so in ``Truncated`` (records kept, records the tool returned).
    """
    if _size(artifact) <= budget:
        return artifact
    data = artifact.get("Data")
    records = data if isinstance(data, list) else [data]
    low, high = 0, len(records)  # the largest count that fits, by bisection (sizes only grow)
    while low < high:
        middle = (low + high + 1) // 2
        if _size(_cut(artifact, records, middle)) <= budget:
            low = middle
        else:
            high = middle - 1
    return _cut(artifact, records, low)


def _cut(artifact: dict[str, Any], records: list[Any], kept: int) -> dict[str, Any]:
    data: Any = records[:kept] if isinstance(artifact.get("Data"), list) else None
    note = (
        f"{kept} of {len(records)} records fit the server's cap on one result; "
        "page with a smaller page_size for the rest"
    )
    truncated = {"RecordsKept": kept, "RecordsTotal": len(records), "Note": note}
    return {**artifact, "Data": data, "Truncated": truncated}


def _size(value: Any) -> int:
    # Compact separators and raw Unicode: how the SDK serializes a result on the wire.
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str))


def _message_text(message: ToolMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    return message.text


def _text(text: str, cap: int) -> types.TextContent:
    if len(text) > cap:
        note = _CUT_NOTE.format(cap=cap)
        text = text[: max(cap - len(note), 0)] + note
    return types.TextContent(type="text", text=text)
