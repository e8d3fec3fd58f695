"""The sandbox's request log (what a client really sent) and its ``products=`` size."""

from __future__ import annotations

import json

import pytest

from langchain_billbee import BillbeeNotFoundError
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.sandbox.data import generate


def test_the_log_records_each_api_request_and_reset_clears_it(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    api.list_products(page=2, page_size=5)
    api.update_stock(sku="KR-01-500", new_quantity=115)
    logged = sandbox.requests
    assert [(r.method, r.path) for r in logged] == [
        ("GET", "/products"),
        ("POST", "/products/updatestock"),
    ]
    assert logged[0].query == "page=2&pageSize=5"
    assert json.loads(logged[1].body) == {"Sku": "KR-01-500", "NewQuantity": 115}
    sandbox.reset()
    assert sandbox.requests == []


def test_unknown_routes_are_logged_too(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None, max_retries=0)
    with pytest.raises(BillbeeNotFoundError):  # the sandbox does not serve it
        api._request("GET", "/no-such-route")
    assert [(r.method, r.path) for r in sandbox.requests] == [("GET", "/no-such-route")]


def test_more_products_leave_the_default_shop_unchanged() -> None:
    default, bigger = generate(), generate(products=200)
    assert len(default.products) == 56 and len(bigger.products) == 200
    assert bigger.products[:56] == default.products
    assert bigger.orders == default.orders and bigger.customers == default.customers
    skus = [p["SKU"] for p in bigger.products[56:]]
    assert skus[0] == "KR-P0001" and len(set(skus)) == 144


def test_a_sandbox_with_200_products_serves_them() -> None:
    with BillbeeSandbox(throttle=False, products=200) as big:
        page = big.api_wrapper().list_products(page_size=250)
    assert page.total_rows == 200
