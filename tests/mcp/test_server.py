"""The server in process, over the SDK's in-memory transport: its failure paths and bounds."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from mcp.shared.memory import create_connected_server_and_client_session

from langchain_billbee import BillbeeToolkit
from langchain_billbee.mcp import BillbeeMCPServer, ServerOptions
from langchain_billbee.mcp._results import fit_records, size_of
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.tools import BillbeeGetOrderStatesTool
from tests.mcp._client import SERVER_COMMAND, SERVER_ENV


@pytest.fixture
def toolkit() -> Iterator[BillbeeToolkit]:
    with BillbeeSandbox(throttle=False) as shop:
        yield BillbeeToolkit(api_wrapper=shop.api_wrapper(requests_per_second=None))


async def test_a_tool_that_raises_is_a_tool_error_and_the_server_goes_on(
    toolkit: BillbeeToolkit, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(BillbeeGetOrderStatesTool, "ainvoke", explode)
    server = BillbeeMCPServer(toolkit)
    async with create_connected_server_and_client_session(server.server) as client:
        failed = await client.call_tool("billbee_get_order_states", {})
        assert failed.isError is True
        assert (
            "billbee_get_order_states failed unexpectedly (RuntimeError)" in failed.content[0].text
        )
        fine = await client.call_tool("billbee_list_products", {"page_size": 2})
        assert fine.isError is False


async def test_a_small_bound_cuts_the_text_at_a_line_and_keeps_no_record(
    toolkit: BillbeeToolkit,
) -> None:
    server = BillbeeMCPServer(toolkit, ServerOptions(max_result_bytes=4_000))
    async with create_connected_server_and_client_session(server.server) as client:
        result = await client.call_tool("billbee_list_orders", {"page_size": 100})
    text = result.content[0].text
    assert len(text.encode()) <= 4_000 and "[cut here" in text.splitlines()[-1]
    assert result.structuredContent is not None
    assert result.structuredContent["Data"] == []
    assert result.structuredContent["Truncated"]["RecordsTotal"] == 100


def test_a_single_record_over_the_budget_is_left_out_and_said_so() -> None:
    artifact = {"Data": {"BillBeeOrderId": 1, "Comment": "x" * 5_000}}
    fitted = fit_records(artifact, 1_000)
    assert fitted["Data"] is None and fitted["Truncated"]["RecordsTotal"] == 1
    assert size_of(fitted) <= 1_000
    assert fit_records(artifact, 10_000) is artifact


def test_stdout_carries_only_the_protocol_and_logs_go_to_stderr() -> None:
    process = subprocess.Popen(
        [*SERVER_COMMAND, "--sandbox", "--log-level", "DEBUG"],
        env=SERVER_ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, process.kill)  # a hung server fails the test, never the tier
    watchdog.start()
    try:
        assert process.stdin is not None and process.stdout is not None
        initialize = {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        }
        for message in (
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize},
            {"jsonrpc": "2.0", "method": "notifications/initialized"},
            {
                "jsonrpc": "2.0",
                "id": 2,
                "method": "tools/call",
                "params": {"name": "billbee_get_order_states", "arguments": {}},
            },
        ):
            process.stdin.write(json.dumps(message) + "\n")
        process.stdin.flush()
        lines = [process.stdout.readline(), process.stdout.readline()]
        process.stdin.close()  # end of the session: the server exits
        lines += process.stdout.readlines()
        stderr = process.stderr.read() if process.stderr else ""
        process.wait(30)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    replies = [json.loads(line) for line in lines if line.strip()]
    assert [reply["id"] for reply in replies] == [1, 2]
    assert replies[1]["result"]["isError"] is False
    assert "billbee_get_order_states: ok" in stderr  # the server's own log line, on stderr
    assert process.returncode == 0
