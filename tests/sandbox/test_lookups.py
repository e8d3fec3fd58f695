"""Finding records the way users name them: an order by its shop number, a product by SKU or
EAN, anything by search; and an order marked paid records the payment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from langchain_billbee.sandbox import BillbeeSandbox
from tests.helpers import FakeClock
from tests.sandbox._http import BillbeeHTTP, parse

SEARCH = "/search"


def _search(http: BillbeeHTTP, **kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = parse(http.request("POST", SEARCH, **kwargs))["Data"]
    return data


# -- GET /orders/findbyextref/{extRef} ---------------------------------------------------------
def test_every_listed_order_number_finds_its_order(http: BillbeeHTTP) -> None:
    orders = http.all("/orders")
    shops = {o["ApiAccountName"] for o in orders}
    assert len(shops) == 3  # web shop, Amazon and eBay numbers, each in its own format
    for order in orders:
        found = http.data(f"/orders/findbyextref/{order['OrderNumber']}")
        assert found == order, order["OrderNumber"]


def test_order_number_ignores_case_and_is_percent_decoded(http: BillbeeHTTP) -> None:
    order = next(o for o in http.all("/orders") if o["OrderNumber"].startswith("WS-"))
    lower = http.data(f"/orders/findbyextref/{order['OrderNumber'].lower()}")
    encoded = "".join(f"%{byte:02X}" for byte in order["OrderNumber"].encode())
    assert lower["BillBeeOrderId"] == order["BillBeeOrderId"]
    assert http.data(f"/orders/findbyextref/{encoded}")["BillBeeOrderId"] == order["BillBeeOrderId"]


@pytest.mark.parametrize("number", ["15-00000-00000", "WS-1", "300000000000000", "²"])
def test_unknown_order_number_is_404_with_an_empty_body(http: BillbeeHTTP, number: str) -> None:
    response = http.get(f"/orders/findbyextref/{number}")
    assert (response.status_code, response.content) == (404, b"")


def test_order_number_lookup_is_not_the_per_order_throttle(fake_clock: FakeClock) -> None:
    """Only GET /orders/{id} is throttled to 6 per order per minute (Billbee's spec)."""
    with BillbeeSandbox(throttle=True, clock=fake_clock) as sandbox:
        http = BillbeeHTTP(sandbox)
        order = http.data("/orders", pageSize=1)[0]
        statuses = []
        for path in (
            f"/orders/findbyextref/{order['OrderNumber']}",
            f"/orders/{order['BillBeeOrderId']}",
        ):
            for _ in range(7):
                fake_clock.advance(1.0)
                statuses.append(http.get(path).status_code)
        http.close()
    assert statuses == [200] * 7 + [200] * 6 + [429]


# -- POST /search ------------------------------------------------------------------------------
def test_a_form_body_with_two_types_searches_both(http: BillbeeHTTP) -> None:
    both = _search(http, data=[("Type", "order"), ("Type", "customer"), ("Term", "Schröder")])
    assert both["Orders"] and both["Customers"] and both["Products"] == []
    indexed = _search(http, data={"Type[0]": "order", "Type[1]": "customer", "Term": "Schröder"})
    assert indexed == both


def test_type_selects_the_kinds_and_unknown_kinds_find_nothing(http: BillbeeHTTP) -> None:
    orders_only = _search(http, json={"Type": ["order"], "Term": "Schröder"})
    assert orders_only["Orders"] and orders_only["Customers"] == orders_only["Products"] == []
    as_string = _search(http, json={"Type": "order", "Term": "Schröder"})
    assert as_string == orders_only
    nothing = _search(http, json={"Type": ["invoice"], "Term": "Schröder"})
    assert nothing == {"Products": [], "Orders": [], "Customers": []}
    every_kind = _search(http, json={"Term": "Schröder"})
    assert every_kind["Orders"] == orders_only["Orders"] and every_kind["Customers"]


@pytest.mark.parametrize(
    "body",
    [
        {"Type": 5, "Term": "a"},
        {"Type": True, "Term": "a"},
        {"Type": 1.5, "Term": "a"},
        {"Type": {"a": 1}, "Term": "a"},
        {"Type": ["order", 3], "Term": "a"},
        {"Type": ["order"], "Term": {"a": 1}},
        {"Type": ["order"], "Term": ["a"]},
    ],
)
def test_a_value_of_the_wrong_json_type_is_400_naming_the_field(
    http: BillbeeHTTP, body: dict[str, Any]
) -> None:
    response = http.request("POST", SEARCH, json=body)
    assert response.status_code == 400
    detail = response.json()["MessageDetail"]
    assert ("Type" in detail or "Term" in detail) and "{'a'" not in detail


def test_order_hits_carry_what_users_search_by(http: BillbeeHTTP) -> None:
    orders = http.all("/orders")
    marketplace = next(o for o in orders if o["Buyer"] and o["InvoiceNumber"])
    for term in (
        marketplace["OrderNumber"],
        f"{marketplace['InvoiceNumberPrefix']}{marketplace['InvoiceNumber']}",
        marketplace["Buyer"]["FullName"],
        marketplace["Customer"]["Name"],
        marketplace["OrderItems"][0]["Product"]["Title"],
    ):
        hits = _search(http, json={"Type": ["order"], "Term": term})["Orders"]
        assert marketplace["BillBeeOrderId"] in [h["Id"] for h in hits], term
    hit = next(
        h
        for h in _search(http, json={"Type": ["order"], "Term": marketplace["OrderNumber"]})[
            "Orders"
        ]
        if h["Id"] == marketplace["BillBeeOrderId"]
    )
    assert hit["ExternalReference"] == marketplace["OrderNumber"]
    assert hit["BuyerName"] == marketplace["Buyer"]["FullName"]
    assert hit["InvoiceNumber"] == f"RE-2026-{marketplace['InvoiceNumber']}"


def test_product_hits_by_sku_title_ean_and_tag(http: BillbeeHTTP) -> None:
    product = http.data("/products", pageSize=250)[-1]  # an accessory: tagged "Zubehör"
    for term in (product["SKU"], product["Title"][0]["Text"], product["EAN"], "Zubehör"):
        hits = _search(http, json={"Type": ["product"], "Term": term})["Products"]
        assert product["Id"] in [h["Id"] for h in hits], term
    exact = _search(http, json={"Type": ["product"], "Term": product["EAN"]})["Products"]
    assert exact == [
        {"Id": product["Id"], "ShortText": product["Title"][0]["Text"], "SKU": product["SKU"],
         "Tags": "Zubehör"}
    ]  # fmt: skip


# -- GET /products/{id}?lookupBy= --------------------------------------------------------------
def test_lookup_by_is_id_sku_or_ean_in_any_case(http: BillbeeHTTP) -> None:
    product = http.data("/products", pageSize=3)[1]
    for key, lookup in ((product["SKU"], "SKU"), (product["EAN"], "ean"), (product["Id"], "Id")):
        assert http.data(f"/products/{key}", lookupBy=lookup)["Id"] == product["Id"]
    body = parse(http.get(f"/products/{product['SKU']}", params={"lookupBy": "title"}))
    assert body["ErrorCode"] == 11 and "lookupBy" in body["ErrorMessage"]


@pytest.mark.parametrize("key", ["²", "٣", "-5", "9" * 30])
def test_a_product_id_that_is_no_int64_is_not_found(http: BillbeeHTTP, key: str) -> None:
    assert http.get(f"/products/{key}").status_code == 404


# -- a paid state records the payment ---------------------------------------------------------
def _unpaid(http: BillbeeHTTP) -> dict[str, Any]:
    return next(o for o in http.all("/orders", orderStateId=[1, 2]) if o["PayedAt"] is None)


def test_marking_an_order_paid_books_its_open_amount(http: BillbeeHTTP) -> None:
    order = _unpaid(http)
    assert order["PaidAmount"] == 0 and order["Payments"] == []
    path = f"/orders/{order['BillBeeOrderId']}"
    http.request("PUT", path + "/orderstate", json={"NewStateId": 3})
    paid = http.data(path)
    assert paid["PaidAmount"] == order["TotalCost"] > 0
    assert paid["PayedAt"] == paid["LastModifiedAt"]
    (payment,) = paid["Payments"]
    assert payment["PayValue"] == order["TotalCost"] and payment["PayDate"] == paid["PayedAt"]
    assert payment["PaymentType"] == order["PaymentMethod"]
    assert payment["Purpose"] == order["OrderNumber"]


def test_paying_twice_books_one_payment(http: BillbeeHTTP) -> None:
    order = _unpaid(http)
    path = f"/orders/{order['BillBeeOrderId']}"
    for state in (3, 2, 3):
        http.request("PUT", path + "/orderstate", json={"NewStateId": state})
    paid = http.data(path)
    assert len(paid["Payments"]) == 1 and paid["PaidAmount"] == order["TotalCost"]


def test_an_order_paid_already_keeps_its_payment(http: BillbeeHTTP) -> None:
    order = next(o for o in http.all("/orders", orderStateId=13) if o["PayedAt"])
    path = f"/orders/{order['BillBeeOrderId']}"
    http.request("PUT", path + "/orderstate", json={"NewStateId": 3})
    after = http.data(path)
    assert after["State"] == 3
    assert (after["PayedAt"], after["PaidAmount"], after["Payments"]) == (
        order["PayedAt"], order["PaidAmount"], order["Payments"],
    )  # fmt: skip


def test_the_wrapper_reads_the_paid_amount_after_marking_paid(sandbox: Any) -> None:
    api = sandbox.api_wrapper()
    http = BillbeeHTTP(sandbox)
    order = _unpaid(http)
    http.close()
    api.update_order_state(order["BillBeeOrderId"], 3)
    detail = api.get_order(order["BillBeeOrderId"])
    assert detail.paid_amount == Decimal(str(order["TotalCost"])) == detail.total_cost
