"""Reads over loopback: Billbee's paths and query names, filters that really filter, paging,
every array, date and boolean encoding Billbee's clients send."""

from __future__ import annotations

import base64
import http.client as http_client
import json
from datetime import datetime
from typing import Any

import pytest

from langchain_billbee.sandbox import BillbeeSandbox
from tests.sandbox._http import BillbeeHTTP, parse

SHOP_WEB, SHOP_AMAZON, SHOP_EBAY = 300000000041207, 300000000041233, 300000000041290
Orders = tuple[dict[str, Any], ...]


def _all_orders(http: BillbeeHTTP, **params: Any) -> list[dict[str, Any]]:
    return http.all("/orders", **params)


@pytest.fixture(scope="module")
def everything(_sandbox_server: BillbeeSandbox) -> Orders:
    """Every order of the demo shop, unfiltered, read once over ``GET /orders``: each test
    here only reads, from the same freshly reset shop, and compares its filtered answers
    with this list (reading it again per test was half of this module's time)."""
    _sandbox_server.reset()
    client = BillbeeHTTP(_sandbox_server)
    try:
        return tuple(_all_orders(client))
    finally:
        client.close()


def _created(order: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(order["CreatedAt"])


def test_demo_shop_has_the_promised_size_and_variety(http: BillbeeHTTP, everything: Orders) -> None:
    orders = list(everything)
    states = {o["State"] for o in orders}
    assert len(orders) >= 200
    assert {1, 2, 3, 4, 5, 7, 8, 13} <= states and states & {11, 15}
    assert sum(o["State"] == 4 for o in orders) > len(orders) / 3  # many shipped
    assert {o["ApiAccountId"] for o in orders} == {SHOP_WEB, SHOP_AMAZON, SHOP_EBAY}
    months = {o["CreatedAt"][:7] for o in orders}
    assert len(months) >= 5
    products = http.data("/products", pageSize=250)
    assert len(products) >= 50
    assert any(p["StockCurrent"] == 0 for p in products)
    assert any(p["LowStock"] and p["StockCurrent"] > 0 for p in products)
    assert len(http.data("/customers", pageSize=250)) >= 100


def test_order_items_reference_products(http: BillbeeHTTP, everything: Orders) -> None:
    products = {p["Id"]: p for p in http.data("/products", pageSize=250)}
    for order in everything:
        for item in order["OrderItems"]:
            product = products[item["Product"]["BillbeeId"]]
            assert item["Product"]["SKU"] == product["SKU"]


def test_paging_reports_and_slices(http: BillbeeHTTP, everything: Orders) -> None:
    body = parse(http.get("/orders", params={"page": 2, "pageSize": 7}))
    total = body["Paging"]["TotalRows"]
    assert body["Paging"] == {
        "Page": 2,
        "TotalPages": -(-total // 7),
        "TotalRows": total,
        "PageSize": 7,
    }
    assert [o["BillBeeOrderId"] for o in body["Data"]] == [
        o["BillBeeOrderId"] for o in everything[7:14]
    ]
    beyond = parse(http.get("/orders", params={"page": 999, "pageSize": 50}))
    assert beyond["Data"] == [] and beyond["Paging"]["Page"] == 999


@pytest.mark.parametrize("size", [0, 251, -1])
def test_page_size_outside_1_to_250_is_an_error_envelope(http: BillbeeHTTP, size: int) -> None:
    body = parse(http.get("/orders", params={"pageSize": size}))
    assert body["ErrorCode"] == 11 and "pageSize" in body["ErrorMessage"]
    assert body["Data"] is None


def test_a_repeated_single_value_parameter_takes_its_first_value(http: BillbeeHTTP) -> None:
    body = parse(http.get("/orders?pageSize=3&pageSize=5&page=2&page=1"))
    assert (body["Paging"]["PageSize"], body["Paging"]["Page"], len(body["Data"])) == (3, 2, 3)


@pytest.mark.parametrize("size", [1, 250])
def test_page_size_bounds_are_allowed(http: BillbeeHTTP, size: int) -> None:
    assert len(http.data("/orders", pageSize=size)) == size


@pytest.mark.parametrize(
    "query",
    [
        "orderStateId=4&orderStateId=7",
        "orderStateId[0]=4&orderStateId[1]=7",
        "orderStateId%5B0%5D=4&orderStateId%5B1%5D=7",
        "orderStateId[]=4&orderStateId[]=7",
        "orderStateId=4&OrderStateId=5&orderStateId[1]=7",
    ],
)
def test_array_parameters_in_every_encoding(
    http: BillbeeHTTP, query: str, everything: Orders
) -> None:
    body = parse(http.get(f"/orders?pageSize=250&{query}"))
    expected = [o for o in everything if o["State"] in (4, 7)]
    assert [o["BillBeeOrderId"] for o in body["Data"]] == [o["BillBeeOrderId"] for o in expected]
    assert 0 < body["Paging"]["TotalRows"] < len(everything)


@pytest.mark.parametrize(
    "query",
    [
        "minimumbillbeeorderid={last}",
        "minimumBillbeeOrderId={last}",
        "OrderStateId=99",
        "PageSize=1",
        "orderstateid[0]=99",
    ],
)
def test_miscased_parameter_names_are_ignored(
    http: BillbeeHTTP, query: str, everything: Orders
) -> None:
    """API-NOTES §1.7: exact casing matters (``minimumBillBeeOrderId``, capital B)."""
    last = everything[-1]["BillBeeOrderId"]
    body = parse(http.get("/orders?" + query.format(last=last)))
    assert body["Paging"]["TotalRows"] == 260 and body["Paging"]["PageSize"] == 50
    assert parse(http.get(f"/orders?minimumBillBeeOrderId={last}"))["Paging"]["TotalRows"] == 1


def test_shop_filter(http: BillbeeHTTP, everything: Orders) -> None:
    orders = _all_orders(http, shopId=SHOP_EBAY)
    assert orders and all(o["ApiAccountId"] == SHOP_EBAY for o in orders)
    assert len(orders) < len(everything)


def test_order_date_filters_are_inclusive(http: BillbeeHTTP, everything: Orders) -> None:
    low, high = everything[20]["CreatedAt"], everything[60]["CreatedAt"]
    orders = _all_orders(http, minOrderDate=low, maxOrderDate=high)
    assert [o["BillBeeOrderId"] for o in orders] == [o["BillBeeOrderId"] for o in everything[20:61]]


@pytest.mark.parametrize(
    "value",
    [
        "2026-10-01",
        "2026-10-01T00:00:00",
        "2026-10-01 00:00",
        "2026-10-01T00:00:00.000",
        "2026-10-01T00:00:00Z",
        "2026-10-01T00:00:00+00:00",
        "2026-10-01T02:00:00+02:00",
    ],
)
def test_dates_in_every_query_format(http: BillbeeHTTP, value: str, everything: Orders) -> None:
    orders = _all_orders(http, minOrderDate=value)
    expected = [o for o in everything if _created(o) >= datetime(2026, 10, 1)]
    assert [o["BillBeeOrderId"] for o in orders] == [o["BillBeeOrderId"] for o in expected]


def test_unparsable_query_value_is_400(http: BillbeeHTTP) -> None:
    response = http.get("/orders", params={"minOrderDate": "yesterday"})
    assert response.status_code == 400 and "Message" in response.json()
    assert http.get("/orders", params={"page": "two"}).status_code == 400


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "2026-10-01T24:00:00"])
def test_impossible_calendar_date_is_400_not_500(http: BillbeeHTTP, value: str) -> None:
    response = http.get("/orders", params={"minOrderDate": value})
    assert response.status_code == 400
    assert "not a valid date" in response.json()["MessageDetail"]


def test_tags_include_and_exclude(http: BillbeeHTTP, everything: Orders) -> None:
    tagged = _all_orders(http, tag="B2B")
    assert tagged and all("B2B" in o["Tags"] for o in tagged)
    for flag in ("true", "True", "TRUE"):
        excluded = _all_orders(http, tag="B2B", excludeTags=flag)
        assert all("B2B" not in o["Tags"] for o in excluded)
        assert len(excluded) + len(tagged) == len(everything)
    assert _all_orders(http, tag="B2B", excludeTags="False") == tagged


def test_modified_at_filters(http: BillbeeHTTP, everything: Orders) -> None:
    pivot = sorted(o["LastModifiedAt"] for o in everything)[100]
    newer = _all_orders(http, modifiedAtMin=pivot)
    older = _all_orders(http, modifiedAtMax=pivot)
    assert all(o["LastModifiedAt"] > pivot for o in newer)  # "newer than": exclusive
    assert all(o["LastModifiedAt"] <= pivot for o in older)  # "older or equal": inclusive
    assert len(newer) + len(older) == len(everything)


def test_minimum_billbee_order_id(http: BillbeeHTTP, everything: Orders) -> None:
    orders = _all_orders(http, minimumBillBeeOrderId=everything[150]["BillBeeOrderId"])
    assert orders == list(everything[150:])


def test_article_title_source(http: BillbeeHTTP) -> None:
    amazon = _all_orders(http, shopId=SHOP_AMAZON)[0]
    order_id = amazon["BillBeeOrderId"]
    position = http.data(f"/orders/{order_id}")["OrderItems"][0]["Product"]["Title"]
    article = http.data(f"/orders/{order_id}", articleTitleSource=1)
    sku = article["OrderItems"][0]["Product"]["SKU"]
    product = http.data(f"/products/{sku}", lookupBy="sku")
    assert article["OrderItems"][0]["Product"]["Title"] == product["Title"][0]["Text"] != position
    listed = _all_orders(http, shopId=SHOP_AMAZON, articleTitleSource=1)[0]
    assert listed["OrderItems"][0]["Product"]["Title"] == product["Title"][0]["Text"]


def test_customer_orders_belong_to_the_customer(http: BillbeeHTTP, everything: Orders) -> None:
    customer_id = everything[0]["Customer"]["Id"]
    body = parse(http.get(f"/customers/{customer_id}/orders", params={"pageSize": 250}))
    assert body["Data"] and all(o["Customer"]["Id"] == customer_id for o in body["Data"])
    assert body["Paging"]["TotalRows"] == len(body["Data"])
    assert http.data(f"/customers/{customer_id}")["Id"] == customer_id


def test_product_lookup_by_id_sku_and_ean(http: BillbeeHTTP) -> None:
    product = http.data("/products", pageSize=5)[3]
    assert http.data(f"/products/{product['Id']}")["SKU"] == product["SKU"]
    assert http.data(f"/products/{product['SKU']}", lookupBy="sku")["Id"] == product["Id"]
    assert http.data(f"/products/{product['EAN']}", lookupBy="EAN")["Id"] == product["Id"]


def test_product_path_value_is_percent_decoded(sandbox: Any, http: BillbeeHTTP) -> None:
    """Sent over http.client: ``requests`` would itself decode the unreserved ``%2D``."""
    product = http.data("/products", pageSize=1)[0]
    encoded = "".join(f"%{byte:02X}" for byte in product["SKU"].encode())
    connection = http_client.HTTPConnection("127.0.0.1", sandbox.port, timeout=10)
    token = base64.b64encode(f"{sandbox.username}:{sandbox.api_password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "X-Billbee-Api-Key": sandbox.api_key}
    connection.request("GET", f"/api/v1/products/{encoded}?lookupBy=sku", headers=headers)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 200 and body["Data"]["Id"] == product["Id"]


def test_product_filters(http: BillbeeHTTP) -> None:
    products = http.data("/products", pageSize=250)
    low, high = products[10]["Id"], products[20]["Id"]
    between = http.data(
        "/products", pageSize=250, minimumBillBeeArticleId=low, maximumBillBeeArticleId=high
    )
    assert between == products[10:21]
    recent = http.data("/products", pageSize=250, minCreatedAt="2026-09-01")
    assert 0 < len(recent) < len(products)


def test_invoices_filters_and_positions(http: BillbeeHTTP, everything: Orders) -> None:
    invoices = http.all("/orders/invoices")
    orders = {o["BillBeeOrderId"]: o for o in everything}
    assert invoices and all(
        orders[i["BillbeeId"]]["State"] in (3, 4, 5, 7, 11, 13, 15) for i in invoices
    )
    assert all(i["Positions"] is None for i in invoices)
    with_positions = http.data("/orders/invoices", pageSize=5, includePositions="true")
    assert all(i["Positions"] for i in with_positions)
    since = http.all("/orders/invoices", minInvoiceDate="2026-10-01")
    assert 0 < len(since) < len(invoices)
    assert all(i["InvoiceDate"] >= "2026-10-01" for i in since)
    paid = http.data(
        "/orders/invoices", pageSize=250, minPayDate="2026-10-01", maxPayDate="2026-10-31"
    )
    assert paid and all("2026-10-01" <= i["PayDate"] <= "2026-10-31T23:59" for i in paid)
    shipped = http.data(
        "/orders/invoices", pageSize=250, **{"orderStateId[0]": 4, "shopId": SHOP_WEB}
    )
    assert shipped and all(orders[i["BillbeeId"]]["State"] == 4 for i in shipped)
    assert all(i["ShopName"] == orders[i["BillbeeId"]]["ApiAccountName"] for i in shipped)


def test_invoice_and_pay_date_bounds_are_inclusive(http: BillbeeHTTP) -> None:
    invoices = http.all("/orders/invoices")
    low, high = invoices[10]["InvoiceDate"], invoices[40]["InvoiceDate"]
    between = http.all("/orders/invoices", minInvoiceDate=low, maxInvoiceDate=high)
    assert [i["BillbeeId"] for i in between] == [i["BillbeeId"] for i in invoices[10:41]]
    paid = sorted(i["PayDate"] for i in invoices if i["PayDate"])
    low, high = paid[5], paid[30]
    by_pay_date = http.all("/orders/invoices", minPayDate=low, maxPayDate=high)
    assert sorted(i["PayDate"] for i in by_pay_date) == paid[5:31]


def test_min_created_at_is_inclusive(sandbox: Any, http: BillbeeHTTP) -> None:
    created = sorted(sandbox.state.data.product_created.values())
    pivot = created[20].isoformat()
    recent = http.data("/products", pageSize=250, minCreatedAt=pivot)
    assert len(recent) == len(created) - 20


def test_search_customers_orders_and_products(http: BillbeeHTTP) -> None:
    customer = http.data("/customers", pageSize=1)[0]
    last_name = customer["Name"].split()[-1]
    body = parse(http.request("POST", "/search", json={"Type": ["customer"], "Term": last_name}))
    hits = body["Data"]["Customers"]
    assert customer["Id"] in {c["Id"] for c in hits}
    assert all(last_name.lower() in c["Name"].lower() for c in hits)
    assert body["Data"]["Orders"] == [] and body["Data"]["Products"] == []
    by_mail = http.request(
        "POST", "/search", json={"Type": ["customer"], "Term": customer["Email"]}
    )
    assert [c["Id"] for c in parse(by_mail)["Data"]["Customers"]] == [customer["Id"]]
    by_number = http.request(
        "POST", "/search", json={"Type": ["customer"], "Term": str(customer["Number"])}
    )
    assert customer["Id"] in [c["Id"] for c in parse(by_number)["Data"]["Customers"]]
    products = parse(
        http.request("POST", "/search", json={"Type": ["product", "order"], "Term": "Napoli"})
    )
    assert products["Data"]["Products"] and products["Data"]["Orders"]
    assert products["Data"]["Customers"] == []


def test_order_states_enum_is_a_bare_array(http: BillbeeHTTP) -> None:
    states = http.get("/enums/orderstates").json()
    assert isinstance(states, list) and len(states) == 17
    assert states[2] == {"Id": 3, "Name": "Zahlung_erhalten"}


def test_unknown_records_are_404_with_an_empty_body(http: BillbeeHTTP) -> None:
    for path in (
        "/orders/1",
        "/customers/1",
        "/products/1",
        "/customers/1/orders",
        "/products/NO-SUCH-SKU?lookupBy=sku",
    ):
        response = http.get(path)
        assert (response.status_code, response.content) == (404, b""), path


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/orders/1/orderstate", "PUT"),
        ("GET", "/products/updatestock", "POST"),
        ("GET", "/search", "POST"),
        ("DELETE", "/orders/1", "GET, PATCH"),
        ("PUT", "/orders/invoices", "GET"),
    ],
)
def test_a_method_billbee_does_not_serve_on_a_path_is_405(
    http: BillbeeHTTP, method: str, path: str, allow: str
) -> None:
    """A wrong method is the client's mistake, not a gap of the sandbox: 405 as ASP.NET says it."""
    response = http.request(method, path, json={})
    assert response.status_code == 405 and response.headers["Allow"] == allow
    assert response.json() == {
        "Message": f"The requested resource does not support http method '{method}'."
    }


def test_unknown_routes_say_the_sandbox_does_not_implement_them(http: BillbeeHTTP) -> None:
    for method, path in (("GET", "/events"), ("PATCH", "/orders/1"), ("GET", "/products/stocks")):
        response = http.request(method, path)
        assert response.status_code == 404
        assert "sandbox does not implement" in response.json()["MessageDetail"]
    assert http.session.get(http.sandbox.url + "/elsewhere").status_code == 404
