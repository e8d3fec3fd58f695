"""``python -m benchmarks._mcp_server``: the MCP server with every limiter off, on both
transports at once: stdio for the client that started it, streamable HTTP on a free loopback
port beside it (announced on stderr as ``MCP endpoint: <url>``).

The same ``BillbeeMCPServer`` and transports as ``langchain-billbee mcp --sandbox``, built here
instead of by the command line only to switch off the sandbox's throttle and the wrapper's
limiter, as benchmark 4 does: the figure is then the MCP path's own cost, not 2 requests/second.
One process serves both because starting one costs seconds of CPU (its imports); each call
still travels its own transport, one at a time.
"""

from __future__ import annotations

import anyio

from benchmarks._common import sandbox_wrapper
from langchain_billbee.mcp._cli import open_http, serve_stdio
from langchain_billbee.mcp._http import serve_http
from langchain_billbee.mcp._server import BillbeeMCPServer
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit


async def _serve(toolkit: BillbeeToolkit) -> None:
    app, sock = open_http(BillbeeMCPServer(toolkit), "127.0.0.1", 0, None, ())
    async with anyio.create_task_group() as group:
        group.start_soon(serve_http, app, sock)
        await serve_stdio(BillbeeMCPServer(toolkit))  # until the stdio client disconnects
        group.cancel_scope.cancel()


def main() -> None:
    with BillbeeSandbox(throttle=False) as sandbox:
        api = sandbox_wrapper(sandbox)
        anyio.run(_serve, BillbeeToolkit(api_wrapper=api, read_only=True))
        api.close()


if __name__ == "__main__":
    main()
