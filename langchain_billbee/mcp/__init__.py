"""The Billbee tools as an MCP server, for Claude Desktop, Cursor, VS Code and any MCP client.

``langchain-billbee mcp`` (or ``python -m langchain_billbee mcp``) serves the tools of
``BillbeeToolkit`` — the same table, schemas, descriptions, compact text and shared throttle —
over stdio (default) or streamable HTTP. Read-only unless ``--allow-writes``; each write is then
confirmed by the person through MCP elicitation. Needs the ``mcp`` extra:
``pip install "langchain-billbee[mcp]"``.

In Python::

    from langchain_billbee import BillbeeToolkit
    from langchain_billbee.mcp import BillbeeMCPServer, ServerOptions

    mcp_server = BillbeeMCPServer(BillbeeToolkit(read_only=True), ServerOptions())
    mcp_server.server  # the SDK's low-level Server, to run on any MCP transport
"""

from langchain_billbee.mcp._catalog import OUTPUT_SCHEMA, annotations_for, model_schema
from langchain_billbee.mcp._cli import main
from langchain_billbee.mcp._results import MAX_RESULT_BYTES
from langchain_billbee.mcp._server import BillbeeMCPServer, ServerOptions

__all__ = [
    "MAX_RESULT_BYTES",
    "OUTPUT_SCHEMA",
    "BillbeeMCPServer",
    "ServerOptions",
    "annotations_for",
    "main",
    "model_schema",
]
