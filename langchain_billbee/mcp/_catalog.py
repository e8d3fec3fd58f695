"""The MCP tool list, derived from the toolkit's tools: nothing here names a Billbee tool.

Each entry keeps the tool's name, description and the JSON schema LangChain hands a model
(``convert_to_openai_tool``), so an MCP client's model reads exactly what a LangChain agent's
model reads. What MCP adds is protocol metadata: annotations from the tool's ``access`` and,
for protocol versions that have it (2025-06-18 on), an ``outputSchema`` for the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from mcp import types

__all__ = [
    "OUTPUT_SCHEMA",
    "STRUCTURED_SINCE",
    "CatalogEntry",
    "access_of",
    "annotations_for",
    "build_catalog",
    "model_schema",
]

STRUCTURED_SINCE = "2025-06-18"
"""The first MCP protocol version with ``structuredContent`` and ``outputSchema``."""

_PAGING_NUMBER = {"type": ["integer", "null"]}
OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Billbee's records as the tool's artifact holds them: Billbee's envelope without its "
        "error fields, records by Billbee's wire names (decimals as strings, dates without zone)."
    ),
    "properties": {
        "Data": {"description": "The record, or the list of records, Billbee returned."},
        "Paging": {
            "type": "object",
            "description": "Present for paged lists.",
            "properties": {
                name: _PAGING_NUMBER for name in ("Page", "TotalPages", "TotalRows", "PageSize")
            },
        },
        "Truncated": {
            "type": "object",
            "description": (
                "Present when whole records were left out to keep the result within the "
                "server's size cap; the text content still covers every record."
            ),
            "properties": {
                "RecordsKept": {"type": "integer"},
                "RecordsTotal": {"type": "integer"},
                "Note": {"type": "string"},
            },
        },
    },
}
"""Loose on purpose: a client validates results against it, and a write that landed must never
come back as a validation error. The records themselves are Billbee's, described in its spec."""


@dataclass(frozen=True)
class CatalogEntry:
    """One tool as the server offers it."""

    tool: BaseTool
    access: str
    """``"read"`` or ``"write"``, as the tool class declares it."""
    spec: dict[str, Any]
    """``{"name", "description", "parameters"}``: what LangChain gives a model."""

    def definition(self, *, structured: bool) -> types.Tool:
        """The ``tools/list`` entry; ``structured`` adds the ``outputSchema``."""
        return types.Tool(
            name=self.spec["name"],
            description=self.spec["description"],
            inputSchema=self.spec["parameters"],
            outputSchema=OUTPUT_SCHEMA if structured else None,
            annotations=annotations_for(self.access),
        )


def model_schema(tool: BaseTool) -> dict[str, Any]:
    """The tool's name, description and parameters as a LangChain chat model receives them."""
    function: dict[str, Any] = convert_to_openai_tool(tool)["function"]
    return {
        "name": function["name"],
        "description": function.get("description", ""),
        "parameters": function.get("parameters", {"type": "object", "properties": {}}),
    }


def access_of(tool: BaseTool) -> str:
    """The tool class's declared access; anything not declared a read is treated as a write."""
    access = getattr(type(tool), "access", "write")
    return "read" if access == "read" else "write"


def annotations_for(access: str) -> types.ToolAnnotations:
    """MCP hints for a read or a write.

    Billbee's writes set absolute values (an order's state, a product's stock), so repeating
    one changes nothing more: idempotent. They overwrite the previous value, which Billbee then
    pushes to shops and marketplaces: destructive. Every tool talks to Billbee: open world.
    """
    if access == "read":
        return types.ToolAnnotations(readOnlyHint=True, openWorldHint=True)
    return types.ToolAnnotations(
        readOnlyHint=False, destructiveHint=True, idempotentHint=True, openWorldHint=True
    )


def build_catalog(tools: Sequence[BaseTool]) -> dict[str, CatalogEntry]:
    """Entries by tool name, in the toolkit's order."""
    entries = (CatalogEntry(tool, access_of(tool), model_schema(tool)) for tool in tools)
    return {entry.spec["name"]: entry for entry in entries}
