"""A tool's ``ToolMessage`` as an MCP ``CallToolResult``, within one size bound.

The text content is the tool's compact text, unchanged (already cleaned, capped at
``MAX_CONTENT_BYTES`` and ended by the data mark by the tool itself). ``structuredContent``
carries the artifact (the full records) where the protocol has it. Several clients (Claude Code,
VS Code) hand ``structuredContent`` to the model *instead of* the text, and Claude Code refuses
results over 25,000 tokens, so the whole result — text plus records — is held under one bound:
whole records are left out of ``structuredContent`` first (and the omission is stated in it);
the text is cut only if it alone is over.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import ToolMessage
from mcp import types

from langchain_billbee.tools._sanitize import MAX_CONTENT_BYTES, cap

__all__ = ["MAX_RESULT_BYTES", "error_result", "fit_records", "size_of", "tool_result"]

MAX_RESULT_BYTES = 24_000
"""UTF-8 bytes of text plus serialized records in one result. A token covers at least one
byte, so a result is at most 24,000 tokens, under Claude Code's 25,000 whatever the script; the
text takes at most ``MAX_CONTENT_BYTES`` (16,000), the records have the rest."""

assert MAX_RESULT_BYTES > MAX_CONTENT_BYTES  # the tools' own text always fits whole


def error_result(text: str, *, limit: int = MAX_RESULT_BYTES) -> types.CallToolResult:
    """A tool error the model reads (``isError``), never a protocol error."""
    return types.CallToolResult(content=[_text(text, limit)], isError=True)


def tool_result(message: ToolMessage, *, structured: bool, limit: int) -> types.CallToolResult:
    """The MCP result for one tool run; an error ``ToolMessage`` stays an error."""
    text = message.content if isinstance(message.content, str) else message.text
    if message.status == "error":
        return error_result(text, limit=limit)
    content = _text(text, limit)
    if not structured:
        return types.CallToolResult(content=[content])
    artifact = (
        message.artifact if isinstance(message.artifact, dict) else {"Data": message.artifact}
    )
    records = fit_records(artifact, max(limit - _bytes(content.text), 0))
    return types.CallToolResult(content=[content], structuredContent=records)


def fit_records(artifact: dict[str, Any], budget: int) -> dict[str, Any]:
    """``artifact`` if its JSON fits ``budget`` bytes, else as many whole records as fit.

    A cut artifact says so in ``Truncated`` (records kept, records the tool returned).
    """
    if size_of(artifact) <= budget:
        return artifact
    data = artifact.get("Data")
    records = data if isinstance(data, list) else [data]
    low, high = 0, len(records)  # the largest count that fits, by bisection (sizes only grow)
    while low < high:
        middle = (low + high + 1) // 2
        if size_of(_cut(artifact, records, middle)) <= budget:
            low = middle
        else:
            high = middle - 1
    return _cut(artifact, records, low)


def _cut(artifact: dict[str, Any], records: list[Any], kept: int) -> dict[str, Any]:
    data: Any = records[:kept] if isinstance(artifact.get("Data"), list) else None
    note = (
        f"{kept} of {len(records)} records fit the server's bound on one result; ask for a "
        "smaller page_size to get every record here"
    )
    truncated = {"RecordsKept": kept, "RecordsTotal": len(records), "Note": note}
    return {**artifact, "Data": data, "Truncated": truncated}


def size_of(value: Any) -> int:
    """UTF-8 bytes of ``value`` as compact JSON with raw Unicode, as the SDK sends it."""
    return _bytes(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str))


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "replace"))


def _text(text: str, limit: int) -> types.TextContent:
    return types.TextContent(type="text", text=cap(text, limit) if _bytes(text) > limit else text)
