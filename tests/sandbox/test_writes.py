"""Writes change state: an order state change and an absolute stock update."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.sandbox._http import BillbeeHTTP, parse


def _open_order(http: BillbeeHTTP) -> dict[str, Any]:
    return http.all("/orders", orderStateId=[1, 2])[0]


def test_state_change_updates_state_last_modified_and_history(http: BillbeeHTTP) -> None:
    order = _open_order(http)
    order_id = order["BillBeeOrderId"]
    latest = max(o["LastModifiedAt"] for o in http.all("/orders"))
    response = http.request("PUT", f"/orders/{order_id}/orderstate", json={"NewStateId": 3})
    assert (response.status_code, response.content) == (200, b"")
    after = http.data(f"/orders/{order_id}")
    assert after["State"] == 3
    assert after["LastModifiedAt"] > order["LastModifiedAt"]
    assert len(after["History"]) == len(order["History"]) + 1
    newest = after["History"][0]
    assert newest["Created"] == after["LastModifiedAt"]
    assert "Zahlung_erhalten" in newest["Text"]
    assert after["History"][1:] == order["History"]
    assert [o["BillBeeOrderId"] for o in http.all("/orders", orderStateId=3)].count(order_id) == 1
    changed = http.all("/orders", modifiedAtMin=latest)
    assert [o["BillBeeOrderId"] for o in changed] == [order_id]


def test_repeating_a_state_change_adds_nothing(http: BillbeeHTTP) -> None:
    order_id = _open_order(http)["BillBeeOrderId"]
    for _ in range(2):
        http.request("PUT", f"/orders/{order_id}/orderstate", json={"NewStateId": 4})
    history = http.data(f"/orders/{order_id}")["History"]
    assert sum("Versendet" in h["Text"] and h["EmployeeName"] == "API" for h in history) == 1


def test_state_change_accepts_form_bodies(http: BillbeeHTTP) -> None:
    order_id = _open_order(http)["BillBeeOrderId"]
    http.request("PUT", f"/orders/{order_id}/orderstate", data={"NewStateId": "13"})
    assert http.data(f"/orders/{order_id}")["State"] == 13


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/orders/{id}/orderstate", {"newStateId": 8}, "Invalid NewStateId 0"),
        ("/products/updatestock", {"SKU": "{sku}", "NewQuantity": 3}, "Parameter SKU is empty"),
        ("/products/updatestock", {"Sku": "{sku}", "newQuantity": 3}, "NewQuantity is empty"),
    ],
)
def test_miscased_body_fields_are_missing_fields(
    http: BillbeeHTTP, path: str, body: dict[str, Any], message: str
) -> None:
    """API-NOTES §1.7/§3.7: ``Sku`` in the UpdateStock body, not the ``SKU`` products carry."""
    order = _open_order(http)
    sku = order["OrderItems"][0]["Product"]["SKU"]
    sent = {k: v.format(sku=sku) if isinstance(v, str) else v for k, v in body.items()}
    method = "PUT" if "orderstate" in path else "POST"
    envelope = parse(http.request(method, path.format(id=order["BillBeeOrderId"]), json=sent))
    assert envelope["ErrorCode"] == 11 and message in envelope["ErrorMessage"]
    assert http.data(f"/orders/{order['BillBeeOrderId']}")["State"] == order["State"]


@pytest.mark.parametrize("body", [{"NewStateId": 0}, {"NewStateId": 18}, {}])
def test_state_outside_1_to_17_is_an_error_envelope(http: BillbeeHTTP, body: Any) -> None:
    order = _open_order(http)
    response = http.request("PUT", f"/orders/{order['BillBeeOrderId']}/orderstate", json=body)
    envelope = parse(response)
    assert envelope["ErrorCode"] == 11 and "NewStateId" in envelope["ErrorMessage"]
    assert http.data(f"/orders/{order['BillBeeOrderId']}")["State"] == order["State"]


def test_state_change_of_unknown_order_is_404_with_empty_body(http: BillbeeHTTP) -> None:
    response = http.request("PUT", "/orders/123/orderstate", json={"NewStateId": 3})
    assert (response.status_code, response.content) == (404, b"")


def test_body_that_is_not_json_is_400(http: BillbeeHTTP) -> None:
    order_id = _open_order(http)["BillBeeOrderId"]
    response = http.request(
        "PUT",
        f"/orders/{order_id}/orderstate",
        data=b"{oops",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400


def _product(http: BillbeeHTTP) -> dict[str, Any]:
    return http.data("/products", pageSize=5)[2]


def test_stock_update_sets_the_absolute_quantity(http: BillbeeHTTP) -> None:
    product = _product(http)
    body = {"Sku": product["SKU"], "NewQuantity": 17, "Reason": "Inventur"}
    for _ in range(2):  # absolute, so repeating it is harmless
        data = parse(http.request("POST", "/products/updatestock", json=body))["Data"]
    assert list(data) == ["SKU", "OldStock", "CurrentStock", "UnfulfilledAmount", "Message"]
    assert data["SKU"] == product["SKU"]
    assert (data["OldStock"], data["CurrentStock"]) == (Decimal(17), Decimal(17))
    assert "updated from 17 to 17" in data["Message"]
    after = http.data(f"/products/{product['Id']}")
    assert after["StockCurrent"] == 17 and after["Stocks"][0]["StockCurrent"] == 17


def test_stock_update_reports_the_old_stock(http: BillbeeHTTP) -> None:
    product = _product(http)
    body = {"Sku": product["SKU"], "NewQuantity": "4.5"}
    data = parse(http.request("POST", "/products/updatestock", json=body))["Data"]
    assert data["OldStock"] == product["StockCurrent"] and data["CurrentStock"] == Decimal("4.5")
    assert http.data(f"/products/{product['Id']}")["LowStock"] is True


def test_stock_update_by_billbee_id_still_needs_a_sku(http: BillbeeHTTP) -> None:
    product = _product(http)
    missing = parse(
        http.request(
            "POST", "/products/updatestock", json={"BillbeeId": product["Id"], "NewQuantity": 3}
        )
    )
    assert missing["ErrorMessage"] == "Parameter SKU is empty" and missing["Data"] is None
    assert http.data(f"/products/{product['Id']}")["StockCurrent"] == product["StockCurrent"]
    both = {"BillbeeId": product["Id"], "Sku": product["SKU"], "NewQuantity": 3}
    assert parse(http.request("POST", "/products/updatestock", json=both))["ErrorCode"] == 0
    assert http.data(f"/products/{product['Id']}")["StockCurrent"] == 3


def test_stock_update_of_unknown_sku_is_an_error_envelope(http: BillbeeHTTP) -> None:
    body = {"Sku": "NO-SUCH-SKU", "NewQuantity": 3}
    envelope = parse(http.request("POST", "/products/updatestock", json=body))
    assert envelope["ErrorCode"] == 11 and "NO-SUCH-SKU" in envelope["ErrorMessage"]


def test_unfulfilled_amount_counts_open_orders(http: BillbeeHTTP) -> None:
    order = _open_order(http)
    item = order["OrderItems"][0]
    body = {"Sku": item["Product"]["SKU"], "NewQuantity": 50}
    data = parse(http.request("POST", "/products/updatestock", json=body))["Data"]
    assert data["UnfulfilledAmount"] >= item["Quantity"]
    http.request("PUT", f"/orders/{order['BillBeeOrderId']}/orderstate", json={"NewStateId": 4})
    later = parse(http.request("POST", "/products/updatestock", json=body))["Data"]
    assert later["UnfulfilledAmount"] == data["UnfulfilledAmount"] - item["Quantity"]


@pytest.mark.parametrize(
    "send",
    [
        {"json": {"AutosubtractReservedAmount": True}},
        {"json": {"AutosubtractReservedAmount": "true"}},
        {"data": {"AutosubtractReservedAmount": "True"}},
    ],
    ids=["json-bool", "json-text", "form"],
)
def test_autosubtract_reserved_amount_in_json_and_form_bodies(
    http: BillbeeHTTP, send: dict[str, dict[str, Any]]
) -> None:
    item = _open_order(http)["OrderItems"][0]
    sku = item["Product"]["SKU"]
    ((kind, extra),) = send.items()
    response = http.request(
        "POST", "/products/updatestock", **{kind: {"Sku": sku, "NewQuantity": 50, **extra}}
    )
    data = parse(response)["Data"]
    assert data["UnfulfilledAmount"] >= item["Quantity"]
    assert data["CurrentStock"] == 50 - data["UnfulfilledAmount"]


def test_reset_forgets_writes(sandbox: Any, http: BillbeeHTTP) -> None:
    product = _product(http)
    http.request("POST", "/products/updatestock", json={"Sku": product["SKU"], "NewQuantity": 999})
    sandbox.reset()
    assert http.data(f"/products/{product['Id']}")["StockCurrent"] == product["StockCurrent"]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/octet-stream"])
def test_body_in_a_media_type_billbee_does_not_read_is_415(
    http: BillbeeHTTP, content_type: str | None
) -> None:
    """ASP.NET reads a body without Content-Type as octet-stream, which no endpoint consumes."""
    order = _open_order(http)
    headers = {"Content-Type": content_type} if content_type else {}
    response = http.request(
        "PUT",
        f"/orders/{order['BillBeeOrderId']}/orderstate",
        data=b'{"NewStateId": 3}',
        headers=headers,
    )
    assert response.status_code == 415
    assert "media type" in response.json()["Message"]
    assert http.data(f"/orders/{order['BillBeeOrderId']}")["State"] == order["State"]


def test_date_out_of_range_after_its_offset_is_400_not_a_dropped_connection(
    http: BillbeeHTTP,
) -> None:
    response = http.request("GET", "/orders", params={"minOrderDate": "0001-01-01T00:00:00+01:00"})
    assert response.status_code == 400
    assert "not a valid date" in response.json()["MessageDetail"]
