"""Benchmark 2: what the model reads, against the raw JSON of the same records.

For each read tool the content of its ToolMessage (what enters the model's context) is set
against Billbee's response body for the same query, fetched with a bare ``requests`` call:
compact JSON as the server sent it, the smallest thing a hand-written tool could pass on
(pretty-printing it would make our ratio look better). Tokens are estimated as characters / 4,
a common rule of thumb for English and JSON; real tokenizers differ, so the ratio is the figure
that matters. For list_orders every field an agent needs is checked in every order's line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from langchain_core.messages import ToolMessage

from benchmarks._common import bare_get, ratio, sandbox_wrapper
from benchmarks._report import Row
from langchain_billbee.order_states import ORDER_STATES
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

__all__ = ["LIST_ORDERS_TARGET", "missing_order_fields", "run"]

LIST_ORDERS_TARGET = 0.05
BENCHMARK = "2 model reads"
PREFIX = 20  # list lines shorten long names; the first characters must survive


@dataclass(frozen=True)
class Case:
    tool: str
    args: dict[str, Any]
    path: str
    params: dict[str, Any]


def call_tool(tools: Mapping[str, Any], name: str, args: dict[str, Any]) -> ToolMessage:
    """Invoke a tool the way an agent loop does (a ToolCall in, a ToolMessage out)."""
    call = {"type": "tool_call", "id": f"bench-{name}", "name": name, "args": args}
    message = tools[name].invoke(call)
    assert isinstance(message, ToolMessage)
    return message


def _order_values(order: Mapping[str, Any]) -> dict[str, str]:
    """What a list line must show for one raw order, by field name."""
    state = int(order["State"])
    seller = order.get("Seller") or {}
    customer = order.get("Customer") or {}
    address = order.get("InvoiceAddress") or {}
    person = " ".join(p for p in (address.get("FirstName"), address.get("LastName")) if p)
    return {
        "BillBeeOrderId": str(order["BillBeeOrderId"]),
        "OrderNumber": str(order.get("OrderNumber") or ""),
        "State (id)": f"{state} ",
        "State (name)": ORDER_STATES[state].name if state in ORDER_STATES else "",
        "shop": str(seller.get("BillbeeShopName") or order.get("ApiAccountName") or ""),
        "CreatedAt": str(order.get("CreatedAt") or "")[:10],
        "TotalCost": f"{float(order['TotalCost']):.2f}" if order.get("TotalCost") else "",
        "Currency": str(order.get("Currency") or ""),
        "customer": str(customer.get("Name") or person or address.get("Company") or ""),
    }


def missing_order_fields(content: str, raw_orders: list[Mapping[str, Any]]) -> list[str]:
    """``"<id>: <field>"`` for every needed value absent from that order's line."""
    lines = {line.split(" | ", 1)[0]: line for line in content.splitlines() if " | " in line}
    missing: list[str] = []
    for order in raw_orders:
        values = _order_values(order)
        line = lines.get(values["BillBeeOrderId"])
        if line is None:
            missing.append(f"{values['BillBeeOrderId']}: whole line")
            continue
        missing.extend(
            f"{values['BillBeeOrderId']}: {field}"
            for field, value in values.items()
            if value and value[:PREFIX] not in line
        )
    return missing


def _cases(first_order_id: int) -> list[Case]:
    page50 = {"page": 1, "page_size": 50}
    wire50 = {"page": 1, "pageSize": 50}
    return [
        Case("billbee_list_orders", page50, "/orders", wire50),
        Case("billbee_get_order", {"order_id": first_order_id}, f"/orders/{first_order_id}", {}),
        Case("billbee_list_products", page50, "/products", wire50),
        Case("billbee_list_customers", page50, "/customers", wire50),
        Case("billbee_list_invoices", page50, "/orders/invoices", wire50),
    ]


def _row(case: Case, content: str, raw: str, missing: list[str] | None) -> Row:
    share = ratio(len(content), len(raw))
    figure = (
        f"{len(content):,} vs {len(raw):,} chars raw JSON = {share:.1%} "
        f"(~{len(content) // 4:,} vs ~{len(raw) // 4:,} tokens)"
    )
    if missing is None:
        return Row(BENCHMARK, case.tool, figure)
    fields = "all needed fields present" if not missing else f"{len(missing)} fields missing"
    met = share <= LIST_ORDERS_TARGET and not missing
    return Row(
        BENCHMARK, f"{case.tool} (50 orders)", f"{figure}; {fields}", "<= 5%, all fields", met
    )


def run(*, quick: bool = False) -> list[Row]:
    """Same figures in quick mode: five calls each side are cheap."""
    del quick
    rows: list[Row] = []
    with BillbeeSandbox(throttle=False) as sandbox, requests.Session() as session:
        api = sandbox_wrapper(sandbox)
        tools = {t.name: t for t in BillbeeToolkit(api_wrapper=api).get_tools()}
        first_id = api.list_orders(page_size=1).items[0].bill_bee_order_id
        for case in _cases(first_id):
            response = bare_get(session, sandbox, case.path, case.params)
            message = call_tool(tools, case.tool, case.args)
            if message.status == "error":
                rows.append(Row(BENCHMARK, case.tool, f"tool error: {message.content!s}"))
                continue
            content = str(message.content)
            missing = None
            if case.tool == "billbee_list_orders":
                missing = missing_order_fields(content, response.json()["Data"])
            rows.append(_row(case, content, response.text, missing))
        api.close()
    return rows
