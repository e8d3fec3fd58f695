"""Orders by number, products by SKU/EAN/id, and search: the requests sent, the answers read."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_billbee._errors import BillbeeAPIError, BillbeeNotFoundError
from langchain_billbee.models import OrderSearchResult, ProductSearchResult
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api

ORDER = {"BillBeeOrderId": 300000181057783, "OrderNumber": "15-95563-59200", "State": 2}


def _api(*replies: Reply) -> tuple[Any, ScriptedAdapter]:
    adapter = ScriptedAdapter(*replies)
    return make_api(adapter), adapter


def test_order_by_number_is_one_findbyextref_request() -> None:
    api, adapter = _api(Reply(json_body=envelope(ORDER)))
    order = api.get_order_by_number(" 15-95563-59200 ")
    assert order.bill_bee_order_id == 300000181057783
    assert adapter.paths() == ["/api/v1/orders/findbyextref/15-95563-59200"]
    assert adapter.requests[0].method == "GET"


def test_an_order_number_with_a_slash_stays_one_path_segment() -> None:
    api, adapter = _api(Reply(json_body=envelope(ORDER)))
    api.get_order_by_number("WS/2026 #7")
    assert adapter.requests[0].url is not None
    assert adapter.requests[0].url.endswith("/orders/findbyextref/WS%2F2026%20%237")


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=404),
        Reply(json_body=envelope(None)),
        Reply(json_body=envelope(None, ErrorCode=2, ErrorMessage="Order not found")),
    ],
    ids=["http-404", "empty-data", "order-not-found-envelope"],
)
def test_an_unknown_number_is_not_found_however_billbee_says_it(reply: Reply) -> None:
    api, _ = _api(reply)
    with pytest.raises(BillbeeNotFoundError) as caught:
        api.get_order_by_number("NO-SUCH-1")
    assert "no order with the number 'NO-SUCH-1'" in str(caught.value)
    assert caught.value.path == "/orders/findbyextref/NO-SUCH-1"


def test_another_envelope_error_is_not_read_as_not_found() -> None:
    api, _ = _api(Reply(json_body=envelope(None, ErrorCode=11, ErrorMessage="Invalid data")))
    with pytest.raises(BillbeeAPIError):
        api.get_order_by_number("X-1")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 201])
def test_an_empty_or_overlong_number_is_refused_before_any_request(bad: str) -> None:
    api, adapter = _api()
    with pytest.raises(ValueError, match="number"):
        api.get_order_by_number(bad)
    assert adapter.requests == []


def test_search_orders_posts_type_order_and_reads_order_results() -> None:
    hit = {
        "Id": 300000181057783, "ExternalReference": "15-95563-59200", "BuyerName": "Anna Weber",
        "InvoiceNumber": "RE-2026-1001", "CustomerName": "Anna Weber",
        "ArticleTexts": "Espresso Napoli 250 g",
    }  # fmt: skip
    api, adapter = _api(Reply(json_body=envelope({"Orders": [hit], "Products": []})))
    hits = api.search_orders("Weber")
    assert hits == [OrderSearchResult.model_validate(hit)]
    assert hits[0].external_reference == "15-95563-59200"
    assert adapter.paths() == ["/api/v1/search"]
    assert adapter.json_body() == {"Type": ["order"], "Term": "Weber"}


def test_search_products_reads_product_results_with_tags_as_text() -> None:
    hits = [
        {"Id": 1, "ShortText": "Espresso Napoli 250 g", "SKU": "KR-01-250", "Tags": "espresso"},
        {"Id": 2, "ShortText": "Mühle", "SKU": "KR-90", "Tags": ["grinder", "hand"]},
    ]
    api, adapter = _api(Reply(json_body=envelope({"Products": hits})))
    found = api.search_products("grinder")
    assert adapter.json_body() == {"Type": ["product"], "Term": "grinder"}
    assert [p.sku for p in found] == ["KR-01-250", "KR-90"]
    assert found[1].tags == "grinder, hand"
    assert isinstance(found[0], ProductSearchResult)


def test_a_search_without_hits_is_an_empty_list() -> None:
    api, _ = _api(Reply(json_body=envelope({"Orders": None})))
    assert api.search_orders("nothing") == []


PRODUCT = {"Id": 300000065756255, "SKU": "KR-01-250", "Title": []}


@pytest.mark.parametrize(
    ("kwargs", "path", "query"),
    [
        ({"sku": "KR-01-250"}, "/api/v1/products/KR-01-250", "lookupBy=sku"),
        ({"ean": "4260000000017"}, "/api/v1/products/4260000000017", "lookupBy=ean"),
        ({"billbee_id": 300000065756255}, "/api/v1/products/300000065756255", ""),
    ],
)
def test_get_product_by_sku_ean_or_id(kwargs: dict[str, Any], path: str, query: str) -> None:
    api, adapter = _api(Reply(json_body=envelope(PRODUCT)))
    assert api.get_product(**kwargs).sku == "KR-01-250"
    assert adapter.paths() == [path]
    assert (adapter.requests[0].url or "").partition("?")[2] == query


def test_get_product_keeps_its_positional_id() -> None:
    api, adapter = _api(Reply(json_body=envelope(PRODUCT)))
    api.get_product(300000065756255)
    assert adapter.paths() == ["/api/v1/products/300000065756255"]


def test_a_sku_with_a_slash_is_one_path_segment() -> None:
    api, adapter = _api(Reply(json_body=envelope(PRODUCT)))
    api.get_product(sku="KR/01 250")
    assert (adapter.requests[0].url or "").endswith("/products/KR%2F01%20250?lookupBy=sku")


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"sku": "A", "ean": "1"}, {"billbee_id": 1, "sku": "A"}, {"sku": " "}, {"billbee_id": 0}],
)
def test_get_product_needs_exactly_one_usable_key(kwargs: dict[str, Any]) -> None:
    api, adapter = _api()
    with pytest.raises(ValueError):
        api.get_product(**kwargs)
    assert adapter.requests == []
