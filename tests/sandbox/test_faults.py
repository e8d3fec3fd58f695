"""Scripted faults over loopback, from Python and through the /_sandbox admin route."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import requests

from tests.sandbox._http import BillbeeHTTP, parse


def test_429_with_and_without_retry_after(sandbox: Any, http: BillbeeHTTP) -> None:
    sandbox.faults.add("429", retry_after=3, path="/orders", method="GET")
    sandbox.faults.add("429", path="/orders", method="GET")
    with_header, without = http.get("/orders"), http.get("/orders")
    assert (with_header.status_code, with_header.headers["Retry-After"]) == (429, "3")
    assert without.status_code == 429 and "Retry-After" not in without.headers
    assert http.get("/orders").status_code == 200
    assert sandbox.stats.faults_served == 2


@pytest.mark.parametrize("status", ["500", "502", "503"])
def test_server_errors(sandbox: Any, http: BillbeeHTTP, status: str) -> None:
    sandbox.faults.add(status, count=2)
    assert [http.get("/customers").status_code for _ in range(3)] == [int(status)] * 2 + [200]


def test_slow_answer_outlasts_the_client_timeout(sandbox: Any, http: BillbeeHTTP) -> None:
    sandbox.faults.add("slow", delay=1.0, path="/enums/orderstates")
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.get("/enums/orderstates", timeout=0.2)
    assert http.get("/enums/orderstates").status_code == 200


def test_dropped_connection(sandbox: Any, http: BillbeeHTTP) -> None:
    sandbox.faults.add("drop", path="/customers")
    with pytest.raises(requests.exceptions.ConnectionError):
        http.get("/customers")
    assert http.get("/customers").status_code == 200


def test_malformed_json(sandbox: Any, http: BillbeeHTTP) -> None:
    sandbox.faults.add("malformed", path="/products")
    response = http.get("/products")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


def test_error_envelope(sandbox: Any, http: BillbeeHTTP) -> None:
    sandbox.faults.add("error_envelope", path="/orders", error_code=8, error_message="Kaputt")
    body = json.loads(http.get("/orders").text)
    assert list(body) == ["Paging", "ErrorMessage", "ErrorCode", "ErrorDescription", "Data"]
    assert (body["ErrorMessage"], body["ErrorCode"], body["ErrorDescription"]) == (
        "Kaputt",
        8,
        "InternalError",
    )


def test_matching_by_method_and_path(sandbox: Any, http: BillbeeHTTP) -> None:
    order_id = http.data("/orders", pageSize=1)[0]["BillBeeOrderId"]
    sandbox.faults.add("500", path="/orders/{id}", method="GET")
    assert http.get("/orders").status_code == 200  # the list is not /orders/{id}
    assert http.request("PUT", f"/orders/{order_id}/orderstate", json={"NewStateId": 2}).ok
    assert http.get(f"/orders/{order_id}").status_code == 500
    sandbox.faults.add("503", path="/api/v1/customers*")
    assert http.get("/customers/1/orders").status_code == 503


def test_placeholder_path_means_its_route_not_any_segment(sandbox: Any, http: BillbeeHTTP) -> None:
    order_id = http.data("/orders", pageSize=1)[0]["BillBeeOrderId"]
    product = http.data("/products", pageSize=1)[0]
    sandbox.faults.add("500", path="/orders/{id}", count=5)
    sandbox.faults.add("502", path="/products/{id}", count=5)
    assert http.get("/orders/invoices").status_code == 200  # not an order id
    stock = {"Sku": product["SKU"], "NewQuantity": 3}
    assert http.request("POST", "/products/updatestock", json=stock).status_code == 200
    assert http.get(f"/orders/{order_id}").status_code == 500
    assert http.get(f"/products/{product['SKU']}", params={"lookupBy": "sku"}).status_code == 502


def _state_write(http: BillbeeHTTP) -> tuple[int, int, requests.Response]:
    order = http.all("/orders", orderStateId=1)[0]
    response = http.request(
        "PUT", f"/orders/{order['BillBeeOrderId']}/orderstate", json={"NewStateId": 2}
    )
    return order["BillBeeOrderId"], order["State"], response


def test_fault_before_a_write_leaves_state_alone(sandbox: Any, http: BillbeeHTTP) -> None:
    sandbox.faults.add("500", method="PUT", when="before")
    order_id, old_state, response = _state_write(http)
    assert response.status_code == 500
    assert http.data(f"/orders/{order_id}")["State"] == old_state


@pytest.mark.parametrize("kind", ["500", "drop", "malformed"])
def test_fault_after_a_write_applies_it_first(sandbox: Any, http: BillbeeHTTP, kind: str) -> None:
    sandbox.faults.add(kind, method="PUT", when="after")
    try:
        _, _, response = _state_write(http)
        assert response.status_code in (200, 500)
    except requests.exceptions.ConnectionError:
        assert kind == "drop"
    changed = http.all("/orders", orderStateId=2)
    assert any(o["History"][0]["EmployeeName"] == "API" for o in changed)


def test_stock_write_fault_after(sandbox: Any, http: BillbeeHTTP) -> None:
    product = http.data("/products", pageSize=1)[0]
    sandbox.faults.add("503", path="/products/updatestock", when="after")
    body = {"Sku": product["SKU"], "NewQuantity": 77}
    assert http.request("POST", "/products/updatestock", json=body).status_code == 503
    assert http.data(f"/products/{product['Id']}")["StockCurrent"] == 77


def test_random_fault_rate_is_seeded(sandbox: Any, http: BillbeeHTTP) -> None:
    def run() -> list[int]:
        sandbox.faults.set_random(0.5, kinds=("500", "503", "429"), seed=11)
        statuses = [http.get("/enums/orderstates").status_code for _ in range(30)]
        sandbox.faults.clear()
        return statuses

    first = run()
    assert run() == first
    counts = Counter(first)
    assert counts[200] and (counts[500] + counts[503] + counts[429])
    assert http.get("/enums/orderstates").status_code == 200


def test_pending_and_validation(sandbox: Any) -> None:
    fault = sandbox.faults.add("502", count=3, path="/orders")
    assert [f.kind for f in sandbox.faults.pending] == ["502"] and fault.count == 3
    with pytest.raises(ValueError):
        sandbox.faults.add("418")
    with pytest.raises(ValueError):
        sandbox.faults.add("500", when="later")
    sandbox.faults.clear()
    assert sandbox.faults.pending == []


def test_admin_route_scripts_faults_and_resets(sandbox: Any, http: BillbeeHTTP) -> None:
    admin = sandbox.url + "/_sandbox"
    added = requests.post(admin + "/faults", json={"kind": "503", "path": "/customers"}, timeout=10)
    assert added.status_code == 200 and added.json()["kind"] == "503"
    assert requests.get(admin + "/faults", timeout=10).json()["pending"][0]["path"] == "/customers"
    assert http.get("/customers").status_code == 503
    assert requests.get(admin + "/stats", timeout=10).json()["faults_served"] == 1
    product = http.data("/products", pageSize=1)[0]
    http.request("POST", "/products/updatestock", json={"Sku": product["SKU"], "NewQuantity": 1})
    requests.post(admin + "/faults", json={"kind": "500"}, timeout=10)
    assert requests.delete(admin + "/faults", timeout=10).json() == {"cleared": True}
    assert requests.post(admin + "/reset", timeout=10).status_code == 200
    assert http.data(f"/products/{product['Id']}")["StockCurrent"] == product["StockCurrent"]
    assert requests.get(admin + "/stats", timeout=10).json()["faults_served"] == 0
    bad = requests.post(admin + "/faults", json={"kind": "teapot"}, timeout=10)
    assert bad.status_code == 400 and "teapot" in bad.json()["Message"]
    assert requests.get(admin + "/nothing", timeout=10).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"rate": 1.0, "kinds": ["500", "teapot"]},
        {"rate": 1.0, "kinds": "500"},
        {"kind": "slow", "delay": "abc"},
        {"kind": "429", "retry_after": "x"},
        {"kind": "500", "count": "2"},
        {"kind": "500", "count": 1.5},
        {"kind": "error_envelope", "error_code": "8"},
    ],
)
def test_admin_route_refuses_a_fault_it_could_not_serve(
    sandbox: Any, http: BillbeeHTTP, body: dict[str, Any]
) -> None:
    """A bad value is a 400 when the fault is added, not a broken connection when it is due."""
    response = requests.post(sandbox.url + "/_sandbox/faults", json=body, timeout=10)
    assert response.status_code == 400, response.text
    assert [http.get("/customers").status_code for _ in range(3)] == [200] * 3


def test_random_faults_check_every_kind(sandbox: Any) -> None:
    with pytest.raises(ValueError, match="teapot"):
        sandbox.faults.set_random(0.5, kinds=("500", "teapot"))
    with pytest.raises(ValueError):
        sandbox.faults.set_random(0.5, kinds=())


def test_admin_route_random_rate(sandbox: Any, http: BillbeeHTTP) -> None:
    admin = sandbox.url + "/_sandbox"
    requests.post(admin + "/faults", json={"rate": 1.0, "kinds": ["502"], "seed": 3}, timeout=10)
    assert http.get("/customers").status_code == 502
    requests.delete(admin + "/faults", timeout=10)
    assert parse(http.get("/customers"))["ErrorCode"] == 0


def test_admin_route_random_rate_takes_retry_after_and_refuses_unknown_options(
    sandbox: Any, http: BillbeeHTTP
) -> None:
    admin = sandbox.url + "/_sandbox/faults"
    body = {"rate": 1.0, "kinds": ["429"], "retry_after": 7}
    assert requests.post(admin, json=body, timeout=10).status_code == 200
    assert http.get("/customers").headers["Retry-After"] == "7"
    requests.delete(admin, timeout=10)
    typo = requests.post(admin, json={"rate": 1.0, "retry_afer": 7}, timeout=10)
    assert typo.status_code == 400 and "retry_afer" in typo.json()["Message"]
    assert http.get("/customers").status_code == 200
