"""The MCP server over streamable HTTP on a free loopback port: the same tools, plus the guard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from mcp import types

from langchain_billbee.mcp import OUTPUT_SCHEMA, main
from langchain_billbee.toolkit import tool_name
from langchain_billbee.tools import BILLBEE_TOOLS
from tests.mcp._client import (
    LiveSession,
    Person,
    over_http,
)
from tests.mcp.conftest import (
    READ_TOOLS,
    TOKEN,
    Fleet,
    assert_answers_as_the_toolkit,
    names,
    text_of,
)

STATE_ORDER, CLOSED = 300000180947081, 7
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def url(fleet: Fleet) -> str:
    return fleet.http.url


@pytest.fixture(scope="module")
def confirming(url: str) -> Iterator[LiveSession]:
    with over_http(url, token=TOKEN, person=Person()) as session:
        yield session


def post(url: str, body: dict[str, Any], **headers: str) -> httpx.Response:
    return httpx.post(url, json=body, headers={**MCP_HEADERS, **headers}, timeout=30)


def messages(response: httpx.Response) -> list[dict[str, Any]]:
    """The JSON-RPC messages of a reply, whether sent as JSON or as an SSE stream."""
    if response.headers.get("content-type", "").startswith("application/json"):
        return [response.json()]
    return [json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:")]


def test_the_tools_and_their_hints_over_http(confirming: LiveSession) -> None:
    listed = confirming.tools()
    assert names(listed) == names(list(BILLBEE_TOOLS))
    access = {tool_name(cls): cls.access for cls in BILLBEE_TOOLS}
    for tool in listed:
        assert tool.outputSchema == OUTPUT_SCHEMA
        assert tool.annotations is not None
        assert tool.annotations.readOnlyHint is (access[tool.name] == "read")


@pytest.mark.parametrize("tool_class", READ_TOOLS, ids=names(READ_TOOLS))
def test_every_read_tool_over_http(
    tool_class: type[Any], confirming: LiveSession, direct: dict[str, Any]
) -> None:
    assert_answers_as_the_toolkit(confirming, direct, tool_class)


def test_invalid_arguments_over_http_name_the_field(confirming: LiveSession) -> None:
    result = confirming.call("billbee_get_order", {"order_id": "fifteen"})
    assert result.isError is True and "order_id" in text_of(result)


def test_confirmed_and_declined_writes_over_http(confirming: LiveSession) -> None:
    person = confirming.person
    assert person is not None
    person.will("decline")
    args = {"order_id": STATE_ORDER, "new_state_id": 3}
    declined = confirming.call("billbee_update_order_state", args)
    assert declined.isError is True and "was not sent" in text_of(declined)
    state = confirming.call("billbee_get_order", {"order_id": STATE_ORDER}).structuredContent
    assert state["Data"]["State"] == CLOSED
    person.will("accept", confirm=True)
    accepted = confirming.call("billbee_update_order_state", args)
    assert not accepted.isError, text_of(accepted)
    state = confirming.call("billbee_get_order", {"order_id": STATE_ORDER}).structuredContent
    assert state["Data"]["State"] == 3
    assert len(person.asked) == 2


def test_a_client_that_cannot_confirm_gets_writes_refused(url: str) -> None:
    with over_http(url, token=TOKEN, person=None) as blind:
        result = blind.call("billbee_update_stock", {"sku": "KR-01-250", "new_quantity": 7})
        assert result.isError is True
        assert "elicitation" in text_of(result) and "--allow-writes=unconfirmed" in text_of(result)
        products = blind.call("billbee_list_products", {"page_size": 250}).structuredContent
        stock = {p["SKU"]: Decimal(p["StockCurrent"]) for p in products["Data"]}
        assert stock["KR-01-250"] != 7


def test_a_request_without_the_token_is_401(url: str) -> None:
    assert post(url, INITIALIZE).status_code == 401
    assert post(url, INITIALIZE, Authorization="Bearer wrong").status_code == 401
    assert post(url, INITIALIZE, Authorization=f"Bearer {TOKEN}").status_code == 200


def test_a_foreign_origin_is_403_and_a_local_one_is_served(url: str) -> None:
    auth = f"Bearer {TOKEN}"
    assert (
        post(url, INITIALIZE, Authorization=auth, Origin="https://evil.example").status_code == 403
    )
    local = post(url, INITIALIZE, Authorization=auth, Origin="http://localhost:6274")
    assert local.status_code == 200


def test_a_rebound_host_name_is_refused(url: str) -> None:
    port = httpx.URL(url).port
    response = post(url, INITIALIZE, Authorization=f"Bearer {TOKEN}", Host=f"evil.example:{port}")
    assert response.status_code == 421


def test_an_older_protocol_gets_no_structured_content(url: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    old = {**INITIALIZE, "params": {**INITIALIZE["params"], "protocolVersion": "2025-03-26"}}
    opened = post(url, old, **auth)
    assert messages(opened)[0]["result"]["protocolVersion"] == "2025-03-26"
    session = {**auth, "Mcp-Session-Id": opened.headers["mcp-session-id"]}
    post(url, {"jsonrpc": "2.0", "method": "notifications/initialized"}, **session)
    listed = messages(post(url, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, **session))
    assert all("outputSchema" not in tool for tool in listed[0]["result"]["tools"])
    call = {"name": "billbee_get_order_states", "arguments": {}}
    answer = post(
        url, {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": call}, **session
    )
    result = messages(answer)[0]["result"]
    assert "structuredContent" not in result and result["content"][0]["text"].startswith("17 ")


def test_binding_beyond_loopback_without_a_token_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BILLBEE_MCP_TOKEN", raising=False)
    status = main(["--sandbox", "--transport", "http", "--host", "0.0.0.0", "--port", "0"])
    out, err = capsys.readouterr()
    assert status == 2
    assert "--token" in err and "BILLBEE_MCP_TOKEN" in err
    assert out == ""


def test_tool_errors_are_results_not_protocol_errors(confirming: LiveSession) -> None:
    result = confirming.call("billbee_no_such_tool", {})
    assert isinstance(result, types.CallToolResult)
    assert result.isError is True and "billbee_list_orders" in text_of(result)
