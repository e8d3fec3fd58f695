"""Query encoding, date formatting and exact decimals on the wire."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from langchain_billbee._wire import dumps, encode_params, format_query_date, loads
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api

EMPTY_PAGE = Reply(
    json_body=envelope([], paging={"Page": 1, "TotalPages": 0, "TotalRows": 0, "PageSize": 50})
)


def test_arrays_become_repeated_keys_in_order() -> None:
    pairs = encode_params({"orderStateId": [1, 3], "shopId": (7,), "tag": ["a b", "ü"], "x": None})
    assert pairs == [
        ("orderStateId", "1"),
        ("orderStateId", "3"),
        ("shopId", "7"),
        ("tag", "a b"),
        ("tag", "ü"),
    ]


def test_scalars_booleans_and_dates_are_encoded() -> None:
    pairs = encode_params(
        {"page": 2, "includePositions": True, "excludeTags": False, "d": date(2024, 5, 1)}
    )
    assert pairs == [
        ("page", "2"),
        ("includePositions", "true"),
        ("excludeTags", "false"),
        ("d", "2024-05-01T00:00:00"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 5, 1), "2024-05-01T00:00:00"),
        (datetime(2024, 5, 1, 13, 5, 9, 123456), "2024-05-01T13:05:09"),
        (datetime(2024, 5, 1, 15, 0, tzinfo=timezone(timedelta(hours=2))), "2024-05-01T13:00:00"),
        ("2024-05-01", "2024-05-01T00:00:00"),
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00"),
        (" 2024-05-01T10:00:00+01:00 ", "2024-05-01T09:00:00"),
        ("2024-05-01 08:30", "2024-05-01T08:30:00"),
    ],
)
def test_format_query_date(value: date | datetime | str, expected: str) -> None:
    assert format_query_date(value) == expected


def test_unparseable_date_text_names_the_format() -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        format_query_date("last tuesday")


def test_list_orders_sends_repeated_keys_and_iso_dates() -> None:
    adapter = ScriptedAdapter(EMPTY_PAGE)
    make_api(adapter).list_orders(
        min_order_date="2024-01-01",
        max_order_date=datetime(2024, 1, 31, 23, 59, 59),
        modified_at_min=date(2024, 1, 15),
        order_state_ids=[1, 3],
        shop_ids=[10, 20],
        tags=["vip"],
        page=2,
        page_size=25,
    )
    assert adapter.query() == [
        ("minOrderDate", "2024-01-01T00:00:00"),
        ("maxOrderDate", "2024-01-31T23:59:59"),
        ("modifiedAtMin", "2024-01-15T00:00:00"),
        ("orderStateId", "1"),
        ("orderStateId", "3"),
        ("shopId", "10"),
        ("shopId", "20"),
        ("tag", "vip"),
        ("page", "2"),
        ("pageSize", "25"),
    ]
    assert "orderStateId=1&orderStateId=3" in (adapter.requests[0].url or "")


def test_list_invoices_and_products_query_names() -> None:
    adapter = ScriptedAdapter(EMPTY_PAGE, EMPTY_PAGE)
    api = make_api(adapter)
    api.list_invoices(
        min_invoice_date=date(2024, 1, 1),
        min_pay_date="2024-02-01",
        order_state_ids=[3],
        include_positions=True,
    )
    api.list_products(min_created_at=date(2023, 12, 1), page_size=250)
    assert adapter.query(0) == [
        ("minInvoiceDate", "2024-01-01T00:00:00"),
        ("minPayDate", "2024-02-01T00:00:00"),
        ("orderStateId", "3"),
        ("includePositions", "true"),
        ("page", "1"),
        ("pageSize", "50"),
    ]
    assert adapter.paths() == ["/api/v1/orders/invoices", "/api/v1/products"]
    assert adapter.query(1) == [
        ("minCreatedAt", "2023-12-01T00:00:00"),
        ("page", "1"),
        ("pageSize", "250"),
    ]


def test_loads_keeps_decimal_scale() -> None:
    data = loads(
        b'{"Quantity": 30.000, "TotalPrice": 3498.6000000, '
        b'"Tax": 846.1929411764705882352941177, "N": 3}'
    )
    assert str(data["Quantity"]) == "30.000"
    assert str(data["TotalPrice"]) == "3498.6000000"
    assert data["Tax"] == Decimal("846.1929411764705882352941177")
    assert data["N"] == 3 and isinstance(data["N"], int)


def test_dumps_writes_decimals_as_numbers() -> None:
    assert (
        dumps({"NewQuantity": Decimal("12"), "X": Decimal("1.5"), "T": "ä"})
        == '{"NewQuantity":12,"X":1.5,"T":"ä"}'.encode()
    )
    with pytest.raises(TypeError):
        dumps({"x": object()})
