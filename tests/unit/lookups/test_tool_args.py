"""The new arguments as a model meets them: one way to name a record, clear refusals, no request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from langchain_billbee.toolkit import BillbeeToolkit
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api

ORDER = {"BillBeeOrderId": 300000181057783, "OrderNumber": "15-95563-59200", "State": 2}


def tools(*replies: Reply) -> tuple[dict[str, BaseTool], ScriptedAdapter]:
    adapter = ScriptedAdapter(*replies)
    toolkit = BillbeeToolkit(api_wrapper=make_api(adapter))
    return {t.name: t for t in toolkit.get_tools()}, adapter


def call(tool: BaseTool, **args: Any) -> ToolMessage:
    message = tool.invoke({"type": "tool_call", "id": "c", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def test_get_order_by_number_is_one_request_and_shows_the_billbee_order_id() -> None:
    found, adapter = tools(Reply(json_body=envelope(ORDER)))
    message = call(found["billbee_get_order"], order_number="15-95563-59200")
    assert message.status == "success"
    assert str(message.content).startswith("order 300000181057783 (BillBeeOrderId)")
    assert adapter.paths() == ["/api/v1/orders/findbyextref/15-95563-59200"]


@pytest.mark.parametrize("args", [{}, {"order_id": 1, "order_number": "A-1"}])
def test_get_order_needs_exactly_one_of_id_or_number(args: dict[str, Any]) -> None:
    found, adapter = tools()
    message = call(found["billbee_get_order"], **args)
    assert message.status == "error" and "exactly one of order_id or order_number" in str(
        message.content
    )
    assert adapter.requests == []


def test_an_unknown_number_names_it_and_suggests_a_search() -> None:
    found, _ = tools(Reply(status=404))
    message = call(found["billbee_get_order"], order_number="NO-SUCH-1")
    assert message.status == "error"
    text = str(message.content)
    assert "no order with the number 'NO-SUCH-1'" in text
    assert "billbee_list_orders with search" in text


def test_list_orders_search_shows_hits_up_to_page_size() -> None:
    hits = [{"Id": n, "ExternalReference": f"WS-{n}", "BuyerName": "Anna"} for n in range(1, 8)]
    found, adapter = tools(Reply(json_body=envelope({"Orders": hits})))
    message = call(found["billbee_list_orders"], search="Anna", page_size=5)
    text = str(message.content)
    assert text.startswith("7 orders match 'Anna', more hits than shown: the first 5")
    assert text.splitlines()[2].startswith("1 | WS-1 |")
    assert adapter.json_body() == {"Type": ["order"], "Term": "Anna"}


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"search": "Anna", "order_state_ids": [3]}, "order_state_ids"),
        ({"search": "Anna", "page": 2}, "page"),
        ({"search": "Anna", "customer_id": 7}, "search"),
    ],
)
def test_search_is_alone(args: dict[str, Any], named: str) -> None:
    found, adapter = tools()
    message = call(found["billbee_list_orders"], **args)
    assert message.status == "error" and named in str(message.content)
    assert adapter.requests == []


def test_products_by_sku_and_search() -> None:
    product = {"Id": 7, "SKU": "KR-01-250", "StockCurrent": 3, "Title": []}
    hit = {"Id": 7, "SKU": "KR-01-250", "ShortText": "Espresso", "Tags": "Kaffee"}
    found, adapter = tools(
        Reply(json_body=envelope(product)), Reply(json_body=envelope({"Products": [hit]}))
    )
    by_sku = call(found["billbee_list_products"], sku="KR-01-250")
    assert str(by_sku.content).startswith("product with SKU 'KR-01-250'")
    searched = call(found["billbee_list_products"], search="Espresso")
    assert "7 | KR-01-250 | Espresso | Kaffee" in str(searched.content)
    assert adapter.query(0) == [("lookupBy", "sku")]


@pytest.mark.parametrize(
    "args", [{"sku": "A", "ean": "1"}, {"sku": "A", "search": "x"}, {"ean": "1", "page": 2}]
)
def test_product_lookups_do_not_mix(args: dict[str, Any]) -> None:
    found, adapter = tools()
    assert call(found["billbee_list_products"], **args).status == "error"
    assert adapter.requests == []


def test_an_unknown_sku_suggests_a_search() -> None:
    found, _ = tools(Reply(status=404))
    message = call(found["billbee_list_products"], sku="NOPE")
    assert message.status == "error" and "search set to part of it" in str(message.content)


def test_schemas_omit_the_null_boilerplate_but_accept_null() -> None:
    found, _ = tools(Reply(json_body=envelope(ORDER)))
    schema = json.dumps(convert_to_openai_tool(found["billbee_get_order"]))
    assert '"type": "null"' not in schema and '"default": null' not in schema
    message = call(found["billbee_get_order"], order_id=None, order_number="15-95563-59200")
    assert message.status == "success"  # null still reads as "not given"
