"""Models against Billbee's captured responses, the SDK fixtures and our own small samples."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from langchain_billbee._wire import loads
from langchain_billbee.models import (
    CustomerSearchResult,
    Invoice,
    Order,
    OrderState,
    Product,
    StockUpdateResult,
    to_wire_name,
)
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api

EXAMPLES = Path("/work/shared/billbee/examples")


def example_bytes(name: str) -> bytes:
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} is not available (shared Billbee examples are not in the repo)")
    return path.read_bytes()


def test_wire_names() -> None:
    assert to_wire_name("order_items") == "OrderItems"
    assert to_wire_name("bill_bee_order_id") == "BillBeeOrderId"
    assert to_wire_name("sku") == "SKU"
    assert to_wire_name("country_iso2") == "CountryISO2"
    assert to_wire_name("taric_code") == "TARICCode"
    assert to_wire_name("tax_rate1") == "TaxRate1"
    assert to_wire_name("payed_at") == "PayedAt"


def test_captured_orders_page_parses_with_exact_decimals_and_naive_dates() -> None:
    adapter = ScriptedAdapter(Reply(body=example_bytes("orders-list.captured.json")))
    page = make_api(adapter).list_orders(page_size=10)
    assert (page.page, page.total_pages, page.total_rows, page.page_size) == (1, 4, 40, 10)
    order = page.items[0]
    assert order.bill_bee_order_id == 300000180937794
    assert order.state == 4
    item = order.order_items[0]
    assert str(item.quantity) == "30.000"
    assert str(item.total_price) == "3498.6000000"
    assert item.product is not None and item.product.sku == "1001"
    assert str(order.total_cost) == "3612.84"
    assert order.created_at == datetime(2023, 3, 30)
    assert order.invoice_date == datetime(2023, 4, 22, 14, 56, 23, 843000)
    assert order.invoice_date.tzinfo is None
    assert order.invoice_address is not None and order.invoice_address.country_iso2 == "DE"
    assert order.customer is not None and order.customer.number == 23024
    assert order.seller is not None and order.buyer is None
    assert order.history[0].event_type_name == "Auftrag eingelesen"


def test_captured_order_keeps_undeclared_fields_and_round_trips_wire_names() -> None:
    raw = loads(example_bytes("orders-list.captured.json"))["Data"][0]
    order = Order.model_validate(raw)
    extra = order.model_extra or {}
    assert extra["RebateDifference"] == Decimal("114.24")
    assert extra["ShippingProviderName"] == "Soluo"
    dumped = order.model_dump(by_alias=True)
    assert set(raw) <= set(dumped)
    assert dumped["BillBeeOrderId"] == raw["BillBeeOrderId"]
    assert dumped["OrderItems"][0]["Product"]["TARICCode"] is None


def test_sdk_order_fixture_with_offsets_becomes_naive_utc() -> None:
    adapter = ScriptedAdapter(Reply(body=example_bytes("order.php-sdk-fixture.json")))
    order = make_api(adapter).get_order(100000186018330)
    assert order.created_at == datetime(2022, 7, 22)
    assert order.payed_at == datetime(2022, 8, 10)
    assert all(
        d is None or d.tzinfo is None for d in (order.created_at, order.shipped_at, order.payed_at)
    )
    assert order.order_items[0].product is not None
    assert order.order_items[0].product.ean == "testejcz"
    comment = (order.model_extra or {})["Comments"][0]
    assert comment["Created"] == "2022-08-16T09:05:01.787Z"  # undeclared: kept exactly as sent


def test_sdk_products_fixture_parses() -> None:
    body = loads(example_bytes("products-list.php-sdk-fixture.json"))
    products = [Product.model_validate(p) for p in body["Data"]]
    assert products and all(isinstance(p.id, int) for p in products)
    first = products[0]
    assert first.title_text("DE") == "komplett"
    assert first.title_text("EN") == "complete"
    assert first.title_text("FR") == "complete"


def test_models_populate_by_python_name() -> None:
    order = Order(bill_bee_order_id=1, state=3, total_cost=Decimal("9.90"))
    assert order.model_dump(by_alias=True)["BillBeeOrderId"] == 1
    assert order.total_cost == Decimal("9.90")


def test_invoice_positions_use_sku_spelling_of_invoices() -> None:
    raw = loads(
        b'{"InvoiceNumber": "RN-2022-0083", "BillbeeId": 100000186018330, "InvoiceDate": '
        b'"2022-07-22T09:54:25.310", "TotalGross": 158.76, "Currency": "EUR", "PayDate": null, '
        b'"Positions": [{"Position": 1, "Sku": "TESTBESTAND", "Amount": 12.0, "VatRate": 19.0}]}'
    )
    invoice = Invoice.model_validate(raw)
    assert invoice.invoice_number == "RN-2022-0083"
    assert str(invoice.total_gross) == "158.76"
    assert invoice.positions is not None and invoice.positions[0].sku == "TESTBESTAND"
    assert invoice.invoice_date == datetime(2022, 7, 22, 9, 54, 25, 310000)


def test_stock_result_search_result_and_order_state() -> None:
    stock = StockUpdateResult.model_validate(
        loads(
            b'{"SKU": "asd", "OldStock": 0, "CurrentStock": 123, '
            b'"UnfulfilledAmount": 0.0, "Message": "ok"}'
        )
    )
    assert (stock.sku, stock.old_stock, stock.current_stock) == ("asd", 0, 123)
    assert str(stock.unfulfilled_amount) == "0.0"
    hit = CustomerSearchResult.model_validate(
        {"Id": 5, "Name": "Ada", "Addresses": "Berlin", "Number": "1001"}
    )
    assert (hit.id, hit.number, hit.addresses) == (5, "1001", "Berlin")
    assert OrderState(id=3, name="Zahlung_erhalten").english == "paid"
    assert OrderState(id=99, name="Neu").english == "Neu"


def test_search_customers_posts_type_and_term() -> None:
    hits = [{"Id": 7, "Name": "Ada Lovelace", "Addresses": "Berlin", "Number": "23024"}]
    adapter = ScriptedAdapter(
        Reply(json_body=envelope({"Customers": hits, "Orders": [], "Products": []}))
    )
    results = make_api(adapter).search_customers("lovelace")
    assert adapter.json_body() == {"Type": ["customer"], "Term": "lovelace"}
    assert adapter.paths() == ["/api/v1/search"]
    assert [r.name for r in results] == ["Ada Lovelace"]


def test_list_customer_orders_uses_the_customer_path() -> None:
    adapter = ScriptedAdapter(Reply(json_body=envelope([{"BillBeeOrderId": 1, "State": 1}])))
    page = make_api(adapter).list_customer_orders(300000147804918, page_size=10)
    assert adapter.paths() == ["/api/v1/customers/300000147804918/orders"]
    assert adapter.query() == [("page", "1"), ("pageSize", "10")]
    assert page.items[0].bill_bee_order_id == 1


def test_reduced_customer_order_of_the_spec_reads_as_an_order() -> None:
    """GET /customers/{id}/orders: the spec's short model maps onto Order's names."""
    order = Order.model_validate(
        loads(
            '{"Id": 300000181000001, "ExternalId": "WS-1", "InvoiceNumber": "RE-7",'
            ' "CreatedAt": "2026-01-02T03:04:05", "PaidAt": "2026-01-03T00:00:00",'
            ' "ShippedAt": null, "HasInvoice": true, "OrderStateId": 3,'
            ' "OrderStateText": "Zahlung erhalten", "TotalGross": 12.50, "ShopName": "Amazon DE",'
            ' "CanCreateAutoInvoice": false}'
        )
    )
    assert order.bill_bee_order_id == 300000181000001
    assert (order.id, order.order_number, order.state) == ("WS-1", "WS-1", 3)
    assert order.total_cost == Decimal("12.50")
    assert order.payed_at == datetime(2026, 1, 3)
    assert order.model_extra is not None
    assert order.model_extra["ApiAccountName"] == "Amazon DE"
    assert order.model_extra["OrderStateText"] == "Zahlung erhalten"


def test_full_order_is_not_touched_by_the_customer_order_mapping() -> None:
    order = Order.model_validate({"BillBeeOrderId": 5, "Id": "ext-5", "State": 4})
    assert (order.bill_bee_order_id, order.id, order.state) == (5, "ext-5", 4)


def test_lists_billbee_sends_as_null_read_as_empty() -> None:
    # No array in the spec is required, and .NET writes an unset list as null ("Images": null
    # in the captured orders page): an order or product with null lists must still be read.
    order = Order.model_validate(
        {"BillBeeOrderId": 1, "State": 3, "OrderItems": None, "Tags": None, "History": None}
    )
    assert (order.order_items, order.tags, order.history) == ([], [], [])
    product = Product.model_validate({"Id": 7, "Title": None, "Stocks": None})
    assert (product.title, product.stocks, product.title_text()) == ([], [], None)


def test_dotnet_extreme_dates_with_an_offset_are_read_not_crashed() -> None:
    # The spec's date-time allows an offset; .NET's DateTime.MinValue/MaxValue written with a
    # local one has no UTC equivalent in Python's range (OverflowError, not a ValidationError).
    order = Order.model_validate(
        {
            "BillBeeOrderId": 1,
            "State": 3,
            "ShippedAt": "0001-01-01T00:00:00+01:00",
            "PayedAt": "9999-12-31T23:59:59.9999999-05:00",
        }
    )
    assert order.shipped_at == datetime(1, 1, 1)
    assert order.payed_at == datetime(9999, 12, 31, 23, 59, 59, 999999)
