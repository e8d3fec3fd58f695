"""Hostile and malformed input: validated per the spec's models (ASCII digits, int32/int64,
.NET decimal range) and answered as Billbee answers (400, or an ErrorCode 11 envelope), never
with a handler crash (HTTP 500)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox._http import BillbeeHTTP, parse


def _open_order(http: BillbeeHTTP) -> dict[str, Any]:
    return http.all("/orders", orderStateId=[1, 2])[0]


def _is_400(response: Any) -> bool:
    return response.status_code == 400 and "Message" in response.json()


def test_a_negative_order_id_is_an_unknown_order(http: BillbeeHTTP) -> None:
    for path in ("/orders/-5", "/customers/-5", "/customers/-5/orders"):
        response = http.get(path)
        assert (response.status_code, response.content) == (404, b""), path


@pytest.mark.parametrize("order_id", ["abc", "²", "٣", "1.5", "9" * 20, "9" * 5000])
def test_an_id_int64_cannot_hold_is_400(http: BillbeeHTTP, order_id: str) -> None:
    for method, path in (
        ("GET", f"/orders/{order_id}"),
        ("PUT", f"/orders/{order_id}/orderstate"),
        ("GET", f"/customers/{order_id}"),
    ):
        response = http.request(method, path, json={"NewStateId": 3})
        assert _is_400(response), (method, path[:40], response.status_code)


@pytest.mark.parametrize(
    "query",
    ["page=2147483648", "pageSize=99999999999", "orderStateId=²", "shopId=9223372036854775808"],
)
def test_query_numbers_outside_their_spec_type_are_400(http: BillbeeHTTP, query: str) -> None:
    assert _is_400(http.get(f"/orders?{query}"))


def test_int32_and_int64_bounds_themselves_bind(http: BillbeeHTTP) -> None:
    body = parse(http.get("/orders?page=2147483647&shopId=9223372036854775807"))
    assert body["Paging"]["Page"] == 2147483647 and body["Data"] == []


@pytest.mark.parametrize("quantity", ["1e29", "-1e29", 1e29, "NaN", "Infinity", "-Infinity"])
def test_a_quantity_outside_the_decimal_range_is_invalid_data(
    http: BillbeeHTTP, quantity: Any
) -> None:
    sku = _open_order(http)["OrderItems"][0]["Product"]["SKU"]
    envelope = parse(
        http.request("POST", "/products/updatestock", json={"Sku": sku, "NewQuantity": quantity})
    )
    assert envelope["ErrorCode"] == 11 and "NewQuantity" in envelope["ErrorMessage"]


def test_a_form_nan_quantity_is_invalid_data(http: BillbeeHTTP) -> None:
    sku = _open_order(http)["OrderItems"][0]["Product"]["SKU"]
    response = http.request(
        "POST", "/products/updatestock", data={"Sku": sku, "NewQuantity": "nan"}
    )
    assert parse(response)["ErrorCode"] == 11


@pytest.mark.parametrize(
    "body",
    [
        b'{"Sku": "KR-01-250", "NewQuantity": NaN}',
        b'{"Sku": {"a": 1}, "NewQuantity": 3}',
        b'{"Sku": ["KR-01-250"], "NewQuantity": 3}',
        b'{"Sku": "KR-01-250", "NewQuantity": "\xc2\xb2"}',
        b'{"Sku": "KR-01-250", "NewQuantity": 3, "BillbeeId": "\xc2\xb2"}',
        b'{"Sku": "KR-01-250", "NewQuantity": 3, "StockId": 1.5}',
        b"\xff\xfe",
        b"[" * 100_000,
    ],
)
def test_a_value_of_the_wrong_shape_is_400_without_a_python_repr(
    http: BillbeeHTTP, body: bytes
) -> None:
    response = http.request(
        "POST", "/products/updatestock", data=body, headers={"Content-Type": "application/json"}
    )
    assert _is_400(response)
    assert "{'a'" not in response.text and "['" not in response.text


def test_a_tiny_quantity_rounds_to_28_places_as_a_decimal_does(http: BillbeeHTTP) -> None:
    sku = _open_order(http)["OrderItems"][0]["Product"]["SKU"]
    body = {"Sku": sku, "NewQuantity": "1e-999999"}
    response = http.request("POST", "/products/updatestock", json=body)
    assert len(response.content) < 1000
    assert parse(response)["Data"]["CurrentStock"] == 0


@pytest.mark.parametrize("state", ["³", "3.5", 2**31, True, "1e3"])
def test_a_state_id_that_is_no_int32_is_400(http: BillbeeHTTP, state: Any) -> None:
    order_id = _open_order(http)["BillBeeOrderId"]
    response = http.request("PUT", f"/orders/{order_id}/orderstate", json={"NewStateId": state})
    assert _is_400(response)
