"""``POST /products/updatestockmultiple``: an array of stock updates in, a bare array of
per-item ApiResults out (API-NOTES §2.8), one request for the throttle."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from langchain_billbee.sandbox import BillbeeSandbox
from tests.helpers import FakeClock
from tests.sandbox._http import BillbeeHTTP

BATCH = "/products/updatestockmultiple"


def _post(http: BillbeeHTTP, body: Any) -> Any:
    response = http.request("POST", BATCH, json=body)
    assert response.status_code == 200, response.text[:300]
    return json.loads(response.text, parse_float=Decimal)


def _products(http: BillbeeHTTP, count: int) -> list[dict[str, Any]]:
    products: list[dict[str, Any]] = http.data("/products", pageSize=count)
    return products


def test_every_item_is_applied_and_answered_in_order(http: BillbeeHTTP) -> None:
    first, second, third = _products(http, 3)
    items = [
        {"Sku": first["SKU"], "NewQuantity": 40},
        {"Sku": second["SKU"], "BillbeeId": second["Id"], "NewQuantity": "2.5"},
        {"Sku": third["SKU"], "NewQuantity": 0, "Reason": "Inventur"},
    ]
    results = _post(http, items)
    assert isinstance(results, list) and len(results) == 3
    for result, product, quantity in zip(
        results, (first, second, third), (40, "2.5", 0), strict=True
    ):
        assert list(result) == ["ErrorMessage", "ErrorCode", "ErrorDescription", "Data"]
        assert (result["ErrorCode"], result["ErrorMessage"]) == (0, None)
        data = result["Data"]
        assert data["SKU"] == product["SKU"] and data["OldStock"] == product["StockCurrent"]
        assert data["CurrentStock"] == Decimal(quantity)
        assert http.data(f"/products/{product['Id']}")["StockCurrent"] == Decimal(quantity)


def test_a_refused_item_is_named_and_the_others_still_land(http: BillbeeHTTP) -> None:
    first, second = _products(http, 2)
    items = [
        {"Sku": first["SKU"], "NewQuantity": 7},
        {"Sku": "NO-SUCH-SKU", "NewQuantity": 1},
        {"NewQuantity": 3},
        {"Sku": second["SKU"], "NewQuantity": "1e29"},
        {"Sku": second["SKU"], "NewQuantity": 9},
    ]
    results = _post(http, items)
    assert [r["ErrorCode"] for r in results] == [0, 11, 11, 11, 0]
    assert "NO-SUCH-SKU" in results[1]["ErrorMessage"] and results[1]["Data"] is None
    assert results[2]["ErrorMessage"] == "Parameter SKU is empty"
    assert "NewQuantity" in results[3]["ErrorMessage"]
    assert http.data(f"/products/{first['Id']}")["StockCurrent"] == 7
    assert http.data(f"/products/{second['Id']}")["StockCurrent"] == 9


def test_an_empty_array_answers_an_empty_array(http: BillbeeHTTP) -> None:
    assert _post(http, []) == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"Sku": "KR-01-250", "NewQuantity": 1}', "application/json"),
        ('[{"Sku": "KR-01-250", "NewQuantity": 1}, 5]', "application/json"),
        ('[{"Sku": "KR-01-250", "NewQuantity": 1}, {"Sku": "x", "NewQuantity": "abc"}]',
         "application/json"),
        ("Sku=KR-01-250&NewQuantity=1", "application/x-www-form-urlencoded"),
    ],
)  # fmt: skip
def test_a_body_that_is_no_array_of_stock_updates_is_400_and_writes_nothing(
    http: BillbeeHTTP, body: str, content_type: str
) -> None:
    before = http.data("/products/KR-01-250", lookupBy="sku")["StockCurrent"]
    response = http.request("POST", BATCH, data=body, headers={"Content-Type": content_type})
    assert response.status_code == 400 and "Message" in response.json()
    assert http.data("/products/KR-01-250", lookupBy="sku")["StockCurrent"] == before


def test_a_batch_is_one_request_for_the_throttle(fake_clock: FakeClock) -> None:
    with BillbeeSandbox(throttle=True, clock=fake_clock) as sandbox:
        http = BillbeeHTTP(sandbox)
        products = _products(http, 50)
        fake_clock.advance(5)
        items = [{"Sku": p["SKU"], "NewQuantity": 10} for p in products]
        first = http.request("POST", BATCH, json=items)
        second = http.request("POST", BATCH, json=items[:1])
        third = http.request("POST", BATCH, json=items[:1])
        http.close()
        assert sandbox.stats.requests == 4
    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert len(first.json()) == 50


def test_a_fault_after_the_write_lands_the_whole_batch(sandbox: Any, http: BillbeeHTTP) -> None:
    first, second = _products(http, 2)
    sandbox.faults.add("500", path=BATCH, when="after")
    items = [{"Sku": first["SKU"], "NewQuantity": 31}, {"Sku": second["SKU"], "NewQuantity": 32}]
    assert http.request("POST", BATCH, json=items).status_code == 500
    assert http.data(f"/products/{first['Id']}")["StockCurrent"] == 31
    assert http.data(f"/products/{second['Id']}")["StockCurrent"] == 32
