"""Every operation's response, generated from Billbee's spec, is read by the wrapper and tools.

Each operation answers with a body built from its declared response schema, in several variants
(nulls, null lists, date-time styles, ``ErrorDescription`` as int or name, no ``Paging``, no
``Data``, nulls and zeros left out); the wrapper must parse every declared int32/int64, number
and date-time into its Python type and every tool must render the answer. Where the spec is
silent or wrong (``/enums/orderstates``, the state update's empty answer, the reduced model of
``GET /customers/{id}/orders``) each documented shape is tried.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.models import Page
from langchain_billbee.tools import (
    BillbeeGetOrderStatesTool,
    BillbeeGetOrderTool,
    BillbeeUpdateOrderStateTool,
)
from tests.unit.core.fakes import Reply
from tests.unit.core.spec import Operation, SpecRequests
from tests.unit.core.spec_standin import (
    VARIANTS,
    ResponseFor,
    SpecStandIn,
    Variant,
    stand_in,
    tool_calls,
)
from tests.unit.tools._helpers import call

DEF = "#/definitions/"
REDUCED_ORDER = "Rechnungsdruck.WebApp.Controllers.Api.Order"


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_every_tool_renders_every_spec_shaped_response(
    checker: SpecRequests, variant: Variant
) -> None:
    api, handler, _ = stand_in(checker, variant)
    for tool, args in tool_calls(api):
        if variant.nulls and "billbee_product_id" in args:
            continue  # a product without SKU cannot be updated by id: covered below
        if not variant.data and (tool.name == "billbee_get_order" or "billbee_product_id" in args):
            continue  # a single order or product answer without Data is an error: see below
        message = call(tool, **args)
        assert message.status == "success", (tool.name, args, message.content)
        assert isinstance(message.content, str) and message.content
        assert isinstance(message.artifact, dict)
    assert handler.problems == []


def test_rendered_lines_carry_the_spec_values(checker: SpecRequests) -> None:
    api, _, _ = stand_in(checker, VARIANTS[1])
    tools = {tool.name: tool for tool, _ in tool_calls(api)}
    orders = str(call(tools["billbee_list_orders"]).content)
    assert orders.startswith("orders 1–2 of 5 (page 1 of 3); more with page=2")
    assert "100000186018330 | Text äöü | 3 Zahlung_erhalten (paid)" in orders
    assert "2023-04-29 | 158.76 Text äöü" in orders
    customer_orders = str(call(tools["billbee_list_orders"], customer_id=7).content)
    assert "4711 | Text äöü | 4711 (unknown state) | Text äöü | 2023-04-29" in customer_orders
    invoices = str(call(tools["billbee_list_invoices"], include_positions=True).content)
    assert "Text äöü | 2023-04-29 | 100000186018330 |" in invoices
    assert "  - 158.76 × Text äöü" in invoices
    stock = str(call(tools["billbee_update_stock"], sku="A", new_quantity=3).content)
    assert stock.startswith("SKU Text äöü: stock") and "158.76" in stock


def test_a_product_without_sku_is_explained_not_crashed(checker: SpecRequests) -> None:
    api, _, _ = stand_in(checker, Variant("nulls", nulls=True))
    stock = next(t for t, a in tool_calls(api) if "billbee_product_id" in a)
    message = call(stock, billbee_product_id=58592683, new_quantity=0)
    assert message.status == "error"
    assert "has no SKU" in str(message.content)


def assert_declared_types(
    value: Any, schema: dict[str, Any], checker: SpecRequests, where: str
) -> None:
    """Every field a model declares holds the Python type of the spec's wire type."""
    schema = checker.resolve(schema)
    if value is None:
        return
    if isinstance(value, BaseModel):
        props = schema.get("properties", {})
        for name, info in type(value).model_fields.items():
            wire = info.alias or name
            if wire in props:
                assert_declared_types(getattr(value, name), props[wire], checker, f"{where}.{wire}")
        return
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "array":
        assert isinstance(value, list), where
        for item in value:
            assert_declared_types(item, schema.get("items", {}), checker, f"{where}[]")
    elif fmt == "date-time":
        assert isinstance(value, datetime) and value.tzinfo is None, (where, value)
    else:
        wanted = {"integer": int, "number": Decimal, "string": str, "boolean": bool}[kind or ""]
        assert isinstance(value, wanted), (where, value)


WRAPPER_READS: dict[str, Callable[[BillbeeAPIWrapper], Any]] = {
    "GET /api/v1/orders": lambda api: api.list_orders(order_state_ids=[3]),
    "GET /api/v1/orders/{id}": lambda api: api.get_order(100000186018330),
    "GET /api/v1/products": lambda api: api.list_products(),
    "GET /api/v1/products/{id}": lambda api: api.get_product(58592683),
    "GET /api/v1/customers": lambda api: api.list_customers(),
    "GET /api/v1/orders/invoices": lambda api: api.list_invoices(include_positions=True),
    "POST /api/v1/search": lambda api: api.search_customers("Unna"),
    "POST /api/v1/products/updatestock": lambda api: api.update_stock(new_quantity=1, sku="A"),
}
"""Every operation whose answer is a spec model the wrapper parses, and how to call it."""


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_wrapper_parses_every_declared_number_and_date(
    spec: dict[str, Any], checker: SpecRequests, variant: Variant
) -> None:
    api, _, _ = stand_in(checker, variant)
    for key, read in WRAPPER_READS.items():
        if key.endswith("/{id}") and not variant.data:
            continue  # one record's answer without Data is an error: see the next test
        result = read(api)
        method, path = key.split(" ")
        envelope = spec["paths"][path][method.lower()]["responses"]["200"]["schema"]
        data = checker.resolve(envelope)["properties"]["Data"]
        if isinstance(result, Page):
            assert result.total_rows == (5 if variant.paging else len(result.items)), key
            result = result.items
        if key == "POST /api/v1/search":
            data = checker.resolve(data)["properties"]["Customers"]
        if variant.data and isinstance(result, list):
            nested_null = key == "POST /api/v1/search" and variant.null_lists  # Customers: null
            assert len(result) == (0 if nested_null else 2), key
        assert_declared_types(result, data, checker, key)


def test_an_order_answer_without_data_is_a_clear_server_error(checker: SpecRequests) -> None:
    api, _, _ = stand_in(checker, Variant("no-data", data=False, paging=False))
    message = call(BillbeeGetOrderTool(api_wrapper=api), order_id=100000186018330)
    assert message.status == "error"
    assert "could not be read" in str(message.content)


def test_order_numbers_ids_and_money_keep_their_spec_types(checker: SpecRequests) -> None:
    api, _, _ = stand_in(checker, Variant("utc-offsets", date_time="2022-07-22T09:54:25.310+02:00"))
    order = api.get_order(100000186018330)
    assert order.bill_bee_order_id == 100000186018330 and order.state == 3
    assert order.created_at == datetime(2022, 7, 22, 7, 54, 25, 310000)
    assert order.total_cost == Decimal("158.76")
    assert order.model_extra is not None and order.model_extra["InvoiceNumber"] == 4711
    assert order.model_extra["ShippingProfileId"] == "Text äöü"  # string in Order, int elsewhere
    invoice = api.list_invoices().items[0]
    assert invoice.invoice_number == "Text äöü" and invoice.billbee_id == 100000186018330
    assert invoice.positions and invoice.positions[0].sku == "Text äöü"


# ---- the shapes the spec leaves open ---------------------------------------------------------


def reply_for(template: str, *bodies: Reply) -> Callable[[int], ResponseFor]:
    """An override answering ``template`` with ``bodies[i]``; other operations from the spec."""

    def make(index: int) -> ResponseFor:
        def override(op: Operation, _: SpecStandIn) -> Reply | None:
            return bodies[index] if op.template == template else None

        return override

    return make


ENVELOPE = {"ErrorMessage": None, "ErrorCode": 0, "ErrorDescription": "NoError"}
STATES = [{"Id": 3, "Name": "Zahlung_erhalten"}, {"Id": 17, "Name": "Retoure"}]
STATE_BODIES = reply_for(
    "/api/v1/enums/orderstates",
    Reply(200, STATES),
    Reply(200, {**ENVELOPE, "Data": STATES}),
    Reply(200, {"ErrorCode": 0, "Data": STATES}),
)


@pytest.mark.parametrize("index", range(3), ids=["bare array", "envelope", "sdk envelope"])
def test_order_states_as_bare_array_or_envelope(checker: SpecRequests, index: int) -> None:
    api, _, _ = stand_in(checker, override=STATE_BODIES(index))
    states = api.get_order_states()
    assert [(s.id, s.name, s.english) for s in states] == [
        (3, "Zahlung_erhalten", "paid"),
        (17, "Retoure", "returned"),
    ]
    message = call(BillbeeGetOrderStatesTool(api_wrapper=api))
    assert message.status == "success" and "3 Zahlung_erhalten (paid)" in str(message.content)


STATE_UPDATE_BODIES = reply_for(
    "/api/v1/orders/{id}/orderstate",
    Reply(200),
    Reply(200, body=b"{}"),
    Reply(200, {**ENVELOPE, "Data": None}),
    Reply(200, body=b"null"),
)


@pytest.mark.parametrize("index", range(4), ids=["empty", "{}", "envelope Data null", "null"])
def test_order_state_update_answers_without_schema(checker: SpecRequests, index: int) -> None:
    api, handler, _ = stand_in(checker, override=STATE_UPDATE_BODIES(index))
    api.update_order_state(100000186018330, 3)
    message = call(
        BillbeeUpdateOrderStateTool(api_wrapper=api), order_id=100000186018330, new_state_id=3
    )
    assert message.status == "success" and "Zahlung_erhalten (paid)" in str(message.content)
    assert handler.problems == []


def test_customer_orders_in_the_reduced_model_the_spec_declares(checker: SpecRequests) -> None:
    api, handler, _ = stand_in(
        checker, Variant("captured-style", date_time="2023-04-29T13:32:39.36")
    )
    page = api.list_customer_orders(300000147804918)
    order = page.items[0]
    assert handler.operations == ["GET /api/v1/customers/{id}/orders"]
    assert order.bill_bee_order_id == 4711  # the reduced model's Id (int32) is Billbee's id
    assert order.id == order.order_number == "Text äöü"  # ExternalId
    assert order.state == 4711 and order.total_cost == Decimal("158.76")
    assert order.payed_at == datetime(2023, 4, 29, 13, 32, 39, 360000)
    extra = order.model_extra or {}
    assert extra["InvoiceNumber"] == "Text äöü" and extra["HasInvoice"] is True
    assert extra["ApiAccountName"] == "Text äöü"  # ShopName, shown as the shop


def test_stand_in_generates_reduced_orders_for_the_customer_route(
    spec: dict[str, Any], checker: SpecRequests
) -> None:
    # Guards the test above: the spec's own schema for this route is the reduced model.
    schema = spec["paths"]["/api/v1/customers/{id}/orders"]["get"]["responses"]["200"]["schema"]
    items = checker.resolve(schema)["properties"]["Data"]["items"]
    assert items == {"$ref": DEF + REDUCED_ORDER}


def test_order_states_as_the_empty_object_the_spec_declares(checker: SpecRequests) -> None:
    # The spec's schema is a bare "type: object" without properties: read it as no states.
    api, _, _ = stand_in(
        checker, override=reply_for("/api/v1/enums/orderstates", Reply(200, {}))(0)
    )
    assert api.get_order_states() == []
    message = call(BillbeeGetOrderStatesTool(api_wrapper=api))
    assert message.status == "success"
