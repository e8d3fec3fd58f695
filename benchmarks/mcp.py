"""Benchmark 5: a tool call through the MCP server against the same call made directly.

Both sides run the same read tool on a sandbox with the same data (seed 42), the sandbox's
throttle and the wrapper's limiter off, as in benchmark 4: the difference is the MCP path's own
cost (JSON-RPC, the transport, the server process). The server runs as a subprocess, over stdio
(pipes) and over streamable HTTP on loopback (one process serves both), driven by the MCP SDK's
client. Calls alternate direct/MCP; medians. ``billbee_get_order`` cycles through all orders so
no side answers from the wrapper's per-order cache.

Then the tool list: the characters of name, description and input schema as an MCP client
receives them against the same three from the toolkit, as LangChain gives them to a model.
Equal means the server adds nothing the model would pay for; what MCP adds besides
(annotations, output schema) is counted separately.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import IO, Any

from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from benchmarks._common import median_ms, ratio, sandbox_wrapper
from benchmarks._report import Row
from langchain_billbee.mcp import model_schema
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

__all__ = ["run", "schema_chars"]

BENCHMARK = "5 mcp"
SERVER = [sys.executable, "-m", "benchmarks._mcp_server"]
Call = Callable[[int], Awaitable[Any]]


def schema_chars(entries: Sequence[tuple[str, str, Any]]) -> int:
    """Characters of (name, description, input schema) triples as compact JSON."""
    return sum(len(json.dumps(list(e), ensure_ascii=False, separators=(",", ":"))) for e in entries)


async def _compare(calls: int, direct: Call, through_mcp: Call) -> tuple[float, float]:
    """Median seconds per call (direct, MCP) over ``calls`` alternating pairs."""
    for i in range(min(5, calls)):  # warm-up: connections, imports, first model build
        await direct(i)
        await through_mcp(i)
    direct_s: list[float] = []
    mcp_s: list[float] = []
    for i in range(calls):
        for call, times in ((direct, direct_s), (through_mcp, mcp_s)):
            start = time.perf_counter()
            await call(i)
            times.append(time.perf_counter() - start)
    return median_ms(direct_s), median_ms(mcp_s)


def _row(subject: str, direct_ms: float, mcp_ms: float) -> Row:
    figure = (
        f"{mcp_ms:.2f} ms vs direct {direct_ms:.2f} ms: +{mcp_ms - direct_ms:.2f} ms "
        f"= {ratio(mcp_ms, direct_ms):.2f}x"
    )
    return Row(BENCHMARK, subject, figure)


@asynccontextmanager
async def _sessions() -> AsyncIterator[tuple[ClientSession, ClientSession]]:
    """Client sessions over stdio and over HTTP to one server process."""
    with tempfile.TemporaryFile("w+") as errors:  # the server's stderr: the HTTP endpoint
        params = StdioServerParameters(command=SERVER[0], args=SERVER[1:])
        async with (
            stdio_client(params, errlog=errors) as (read, write),
            ClientSession(read, write) as stdio,
        ):
            await stdio.initialize()
            url = await _announced(errors)
            async with (
                streamable_http_client(url) as (http_read, http_write, _),
                ClientSession(http_read, http_write) as http,
            ):
                await http.initialize()
                yield stdio, http


async def _announced(errors: IO[str], within: float = 60.0) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        errors.seek(0)
        found = re.search(r"MCP endpoint: (\S+)", errors.read())
        if found:
            return found.group(1)
        await asyncio.sleep(0.05)
    raise RuntimeError("the benchmark's MCP server announced no HTTP endpoint")


def _caller(session: ClientSession, name: str, args: Callable[[int], dict[str, Any]]) -> Call:
    async def call(i: int) -> types.CallToolResult:
        result = await session.call_tool(name, args(i))
        if result.isError:
            raise RuntimeError(f"{name} failed through MCP: {result.content}")
        return result

    return call


async def _measure(calls: int) -> list[Row]:
    with BillbeeSandbox(throttle=False) as sandbox:
        api = sandbox_wrapper(sandbox)
        tools = {t.name: t for t in BillbeeToolkit(api_wrapper=api, read_only=True).get_tools()}
        ids = [o.bill_bee_order_id for o in api.list_orders(page_size=250).items]

        def order(i: int) -> dict[str, Any]:
            return {"order_id": ids[i % len(ids)]}

        def five(i: int) -> dict[str, Any]:
            return {"page": 1 + i % 50, "page_size": 5}

        def direct(name: str, args: Callable[[int], dict[str, Any]]) -> Call:
            async def call(i: int) -> Any:
                return tools[name].invoke(
                    {"type": "tool_call", "id": "b", "name": name, "args": args(i)}
                )

            return call

        rows: list[Row] = []
        async with _sessions() as (session, http_session):
            one = await _compare(
                calls,
                direct("billbee_get_order", order),
                _caller(session, "billbee_get_order", order),
            )
            page = await _compare(
                calls,
                direct("billbee_list_orders", five),
                _caller(session, "billbee_list_orders", five),
            )
            listed = (await session.list_tools()).tools
            http = await _compare(
                calls,
                direct("billbee_get_order", order),
                _caller(http_session, "billbee_get_order", order),
            )
        rows.append(_row("per call, stdio, billbee_get_order", *one))
        rows.append(_row("per call, stdio, billbee_list_orders (5)", *page))
        rows.append(_row("per call, HTTP loopback, billbee_get_order", *http))
        api.close()
    rows.extend(_list_rows(listed, [model_schema(t) for t in tools.values()]))
    return rows


def _list_rows(listed: Sequence[types.Tool], toolkit: Sequence[dict[str, Any]]) -> list[Row]:
    served = schema_chars([(t.name, t.description or "", t.inputSchema) for t in listed])
    own = schema_chars([(s["name"], s["description"], s["parameters"]) for s in toolkit])
    extra = sum(
        len(
            json.dumps(
                t.model_dump(
                    mode="json", exclude_none=True, include={"annotations", "outputSchema"}
                )
            )
        )
        for t in listed
    )
    size = Row(
        BENCHMARK,
        "tool list: names, descriptions, schemas",
        f"{served:,} chars vs toolkit {own:,} chars",
        "= toolkit",
        served == own,
    )
    return [
        size,
        Row(BENCHMARK, "tool list: MCP metadata", f"+{extra:,} chars (annotations, outputSchema)"),
    ]


def run(*, quick: bool = False) -> list[Row]:
    return asyncio.run(_measure(5 if quick else 200))
