"""Every request of every public wrapper method and tool is one Billbee's spec declares.

Each request must hit a declared path template and method, use only declared query parameters
(``in: query``) with the spec's encodings (repeated keys for ``collectionFormat: multi``,
``true``/``false``, ISO 8601 date-times, int32/int64 ranges), send a JSON body with exactly the
declared property names and JSON types, and carry both security schemes plus ``Accept`` and,
with a body, ``Content-Type: application/json``. The spec lives outside the repository
(``BILLBEE_SWAGGER`` or ``../shared/billbee/billbee-swagger.yaml``); without it these tests skip.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._wire import DateLike
from tests.unit.core.spec import SpecRequests
from tests.unit.core.spec_standin import stand_in, tool_calls
from tests.unit.tools._helpers import call

EVERY_OPERATION = {
    "GET /api/v1/orders",
    "GET /api/v1/customers/{id}/orders",
    "GET /api/v1/orders/{id}",
    "PUT /api/v1/orders/{id}/orderstate",
    "GET /api/v1/products",
    "GET /api/v1/products/{id}",
    "GET /api/v1/customers",
    "POST /api/v1/search",
    "GET /api/v1/orders/invoices",
    "GET /api/v1/enums/orderstates",
    "POST /api/v1/products/updatestock",
}


PLUS_TWO = timezone(timedelta(hours=2))
DATE_STYLES: dict[str, Callable[[int], DateLike]] = {
    "date": lambda day: date(2024, 5, day),
    "naive datetime": lambda day: datetime(2024, 5, day, 13, 5, 7, 250000),
    "aware datetime": lambda day: datetime(2024, 5, day, 13, 5, tzinfo=PLUS_TWO),
    "date text": lambda day: f"2024-05-{day:02d}",
    "date-time text": lambda day: f"2024-05-{day:02d}T13:05:00Z",
}  # fmt: skip


def drive_every_method(api: BillbeeAPIWrapper, when: Callable[[int], DateLike]) -> None:
    """Each public method once, with every argument it takes set."""
    api.list_orders(
        min_order_date=when(1), max_order_date=when(31), modified_at_min=when(2),
        modified_at_max=when(30), order_state_ids=[1, 3, 17], shop_ids=[100000000000001, 2],
        tags=["Express", "Grün & blau"], page=2, page_size=250,
    )  # fmt: skip
    api.list_customer_orders(300000147804918, page=3, page_size=20)
    api.get_order(100000186018330)
    api.update_order_state(100000186018330, 4)
    api.list_products(page=2, page_size=1, min_created_at=when(1))
    api.get_product(58592683)
    api.list_customers(page=4, page_size=100)
    api.search_customers("Kreisstadt Unna")
    api.list_invoices(
        min_invoice_date=when(1), max_invoice_date=when(31), min_pay_date=when(3),
        max_pay_date=when(29), shop_ids=[7, 8], order_state_ids=[3, 4], include_positions=True,
        page=2, page_size=50,
    )  # fmt: skip
    api.get_order_states()
    api.update_stock(
        new_quantity=Decimal("17.5"), sku="TESTBESTAND", billbee_product_id=58592683,
        reason="Inventur", stock_id=2,
    )  # fmt: skip
    api.update_stock(new_quantity=3, billbee_product_id=58592683)  # looks the SKU up first


# Everything each call above put on the wire: all arguments arrive, under the spec's names.
EXPECTED_QUERIES = {
    "/api/v1/orders": {"minOrderDate", "maxOrderDate", "modifiedAtMin", "modifiedAtMax",
                       "orderStateId", "shopId", "tag", "page", "pageSize"},
    "/api/v1/customers/300000147804918/orders": {"page", "pageSize"},
    "/api/v1/products": {"page", "pageSize", "minCreatedAt"},
    "/api/v1/customers": {"page", "pageSize"},
    "/api/v1/orders/invoices": {"minInvoiceDate", "maxInvoiceDate", "minPayDate", "maxPayDate",
                                "shopId", "orderStateId", "includePositions", "page", "pageSize"},
}  # fmt: skip


@pytest.mark.parametrize("style", list(DATE_STYLES))
def test_every_wrapper_request_is_one_the_spec_declares(checker: SpecRequests, style: str) -> None:
    api, handler, adapter = stand_in(checker)
    drive_every_method(api, DATE_STYLES[style])
    assert handler.problems == []
    assert set(handler.operations) == EVERY_OPERATION
    for request in adapter.requests:
        url = urlsplit(request.url or "")
        keys = {key for key, _ in parse_qsl(url.query)}
        assert keys == EXPECTED_QUERIES.get(url.path, set()), url.path


def test_arrays_booleans_dates_and_bodies_are_spelled_as_the_spec_says(
    checker: SpecRequests,
) -> None:
    api, _, adapter = stand_in(checker)
    drive_every_method(api, DATE_STYLES["aware datetime"])
    orders = adapter.query(0)
    assert [v for k, v in orders if k == "orderStateId"] == ["1", "3", "17"]
    assert [v for k, v in orders if k == "tag"] == ["Express", "Grün & blau"]
    assert ("minOrderDate", "2024-05-01T11:05:00") in orders
    invoices = dict(adapter.query(adapter.paths().index("/api/v1/orders/invoices")))
    assert invoices["includePositions"] == "true"
    bodies = {
        urlsplit(r.url or "").path: adapter.json_body(i)
        for i, r in enumerate(adapter.requests)
        if r.body
    }
    assert bodies["/api/v1/orders/100000186018330/orderstate"] == {"NewStateId": 4}
    assert bodies["/api/v1/search"] == {"Type": ["customer"], "Term": "Kreisstadt Unna"}
    assert bodies["/api/v1/products/updatestock"] == {"Sku": "Text äöü", "NewQuantity": 3,
                                                      "BillbeeId": 58592683}  # fmt: skip
    first_stock = adapter.json_body(adapter.paths().index("/api/v1/products/updatestock"))
    assert first_stock == {"Sku": "TESTBESTAND", "NewQuantity": 17.5, "BillbeeId": 58592683,
                           "StockId": 2, "Reason": "Inventur"}  # fmt: skip


def test_every_tool_request_is_one_the_spec_declares(checker: SpecRequests) -> None:
    api, handler, _ = stand_in(checker)
    for tool, args in tool_calls(api):
        assert call(tool, **args).status == "success", tool.name
    assert handler.problems == []
    assert set(handler.operations) == EVERY_OPERATION


def _prepared(method: str, url: str, **kwargs: Any) -> requests.PreparedRequest:
    return requests.Request(method, "https://billbee.test/api/v1" + url, **kwargs).prepare()


def test_the_request_checker_notices_what_a_strict_billbee_refuses(
    checker: SpecRequests,
) -> None:
    bad = [
        _prepared("GET", "/orders?orderStateId[0]=3&excludeTags=True&minOrderDate=31.05.2024"),
        _prepared("GET", "/orders?page=1&page=2&pageSize=x&status=paid"),
        _prepared("PUT", "/orders/12/orderstate", json={"newStateId": 3, "Comment": None}),
        _prepared("POST", "/products/updatestock", json={"Sku": 5, "NewQuantity": "3"}),
        _prepared("DELETE", "/orders/12"),
    ]
    found = [p for request in bad for p in checker.check(request)[1]]
    for expected in (
        "'orderStateId[0]' is not declared",
        "excludeTags='True' is not true/false",
        "minOrderDate: not ISO 8601",
        "page repeated",
        "pageSize='x' is not an int32",
        "'status' is not declared",
        "body.newStateId: not a declared property",
        "body.Comment: not a declared property",
        "body.Sku: 5 is not a JSON string",
        "body.NewQuantity: '3' is not a JSON number",
        "header X-Billbee-Api-Key missing",
        "HTTP Basic authorization missing",
        "DELETE /api/v1/orders/12: no such operation",
    ):
        assert any(expected in p for p in found), (expected, found)
