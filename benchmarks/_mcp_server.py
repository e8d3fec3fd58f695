"""``python -m benchmarks._mcp_server stdio|http``: the MCP server with every limiter off.

The same ``BillbeeMCPServer`` and transports as ``langchain-billbee mcp --sandbox``, built here
instead of by the command line only to switch off the sandbox's throttle and the wrapper's
limiter, as benchmark 4 does: the figure is then the MCP path's own cost, not 2 requests/second.
"""

from __future__ import annotations

import sys

import anyio

from benchmarks._common import sandbox_wrapper
from langchain_billbee.mcp._cli import serve_http_on, serve_stdio
from langchain_billbee.mcp._server import BillbeeMCPServer
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit


def main(transport: str) -> None:
    with BillbeeSandbox(throttle=False) as sandbox:
        api = sandbox_wrapper(sandbox)
        server = BillbeeMCPServer(BillbeeToolkit(api_wrapper=api, read_only=True))
        if transport == "stdio":
            anyio.run(serve_stdio, server)
        else:
            serve_http_on(server, "127.0.0.1", 0, None, ())
        api.close()


if __name__ == "__main__":
    main(sys.argv[1])
