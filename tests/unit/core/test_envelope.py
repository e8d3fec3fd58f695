"""Billbee's envelope: Data/Paging unwrap, errors on HTTP 200, bare arrays, empty bodies."""

from __future__ import annotations

import pickle

import pytest

from langchain_billbee._errors import (
    BillbeeAPIError,
    BillbeeAuthenticationError,
    BillbeeError,
    BillbeeNotFoundError,
    BillbeeRateLimitError,
    BillbeeServerError,
    envelope_error,
    error_for_response,
)
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api


def test_error_message_on_http_200_is_an_api_error() -> None:
    body = {"ErrorMessage": "Parameter SKU is empty", "ErrorCode": 0, "Data": None}
    adapter = ScriptedAdapter(Reply(json_body=body))
    with pytest.raises(BillbeeAPIError) as info:
        make_api(adapter).update_stock(sku="A-1", new_quantity=3)
    err = info.value
    assert (err.error_code, err.error_message, err.status_code) == (
        0,
        "Parameter SKU is empty",
        200,
    )
    assert (err.method, err.path) == ("POST", "/products/updatestock")
    assert "Parameter SKU is empty" in str(err)


def test_nonzero_error_code_without_message_is_an_api_error() -> None:
    body = {"ErrorMessage": None, "ErrorCode": 2, "ErrorDescription": "OrderNotFound", "Data": None}
    with pytest.raises(BillbeeAPIError) as info:
        make_api(ScriptedAdapter(Reply(json_body=body))).get_order(42)
    assert info.value.error_code == 2
    assert info.value.error_description == "OrderNotFound"
    assert "OrderNotFound" in str(info.value)


def test_success_envelope_with_string_error_description_is_fine() -> None:
    assert envelope_error(envelope([])) is None
    assert envelope_error([{"Id": 1}]) is None
    assert envelope_error(None) is None
    assert envelope_error({"ErrorCode": "7"}) == (7, "", None)


def test_enum_endpoint_returns_a_bare_array() -> None:
    body = [{"Id": 3, "Name": "Zahlung_erhalten"}, {"Id": 4, "Name": "Versendet"}]
    states = make_api(ScriptedAdapter(Reply(json_body=body))).get_order_states()
    assert [(s.id, s.name, s.english) for s in states] == [
        (3, "Zahlung_erhalten", "paid"),
        (4, "Versendet", "shipped"),
    ]


def test_empty_body_is_a_success_for_the_state_update() -> None:
    adapter = ScriptedAdapter(Reply(200, body=b""))
    change = make_api(adapter).update_order_state(100000186018330, 3)
    assert (change.new_state, change.old_state) == (3, None)  # not read before: unknown
    assert adapter.paths() == ["/api/v1/orders/100000186018330/orderstate"]
    assert adapter.requests[0].method == "PUT"


def test_404_with_empty_body_is_not_found() -> None:
    adapter = ScriptedAdapter(Reply(404, body=b""))
    with pytest.raises(BillbeeNotFoundError) as info:
        make_api(adapter).update_order_state(999, 3)
    assert info.value.status_code == 404
    assert info.value.path == "/orders/999/orderstate"
    assert str(info.value) == "PUT /orders/999/orderstate failed: HTTP 404"  # facts, no advice
    assert len(adapter.requests) == 1


def test_paging_is_kept_and_data_unwrapped() -> None:
    paging = {"Page": 2, "TotalPages": 5, "TotalRows": 23, "PageSize": 5}
    data = [{"Id": n, "Name": f"Customer {n}"} for n in range(6, 11)]
    page = make_api(ScriptedAdapter(Reply(json_body=envelope(data, paging=paging)))).list_customers(
        page=2, page_size=5
    )
    assert (page.page, page.total_pages, page.total_rows, page.page_size) == (2, 5, 23, 5)
    assert (page.first_index, page.last_index) == (6, 10)
    assert [c.id for c in page.items] == [6, 7, 8, 9, 10]


def test_missing_paging_means_the_items_are_the_whole_list() -> None:
    body = {"ErrorCode": 0, "Data": [{"Id": 1}, {"Id": 2}]}
    page = make_api(ScriptedAdapter(Reply(json_body=body))).list_customers()
    assert (page.total_pages, page.total_rows, page.page) == (1, 2, 1)


def test_envelope_without_data_or_error_code_is_still_an_envelope() -> None:
    # No envelope property is required by the spec; a serializer that omits nulls and zeros
    # sends an empty page as Paging alone, and an empty result as an ErrorMessage-only object.
    paging = {"Page": 1, "TotalPages": 0, "TotalRows": 0, "PageSize": 50}
    adapter = ScriptedAdapter(
        Reply(json_body={"Paging": paging, "ErrorMessage": None}),
        Reply(json_body={"ErrorDescription": "NoError"}),
        Reply(json_body={"ErrorMessage": None}),
    )
    api = make_api(adapter)
    assert api.list_orders().items == []
    assert api.get_order_states() == []
    result = api.update_stock(sku="A", new_quantity=1)
    assert result.current_stock is None and not result.model_extra


def test_unreadable_record_is_reported_as_server_error() -> None:
    body = envelope({"BillBeeOrderId": "not-a-number", "State": 3})
    with pytest.raises(BillbeeServerError, match="could not be read"):
        make_api(ScriptedAdapter(Reply(json_body=body))).get_order(1)


@pytest.mark.parametrize(
    ("status", "payload", "expected"),
    [
        (401, None, BillbeeAuthenticationError),
        (403, {"Message": "Forbidden"}, BillbeeAuthenticationError),
        (404, None, BillbeeNotFoundError),
        (429, None, BillbeeRateLimitError),
        (500, None, BillbeeServerError),
        (503, {"ErrorCode": 8}, BillbeeServerError),
        (400, {"ErrorCode": 11, "ErrorMessage": "Invalid"}, BillbeeAPIError),
        (200, {"ErrorCode": 0, "ErrorMessage": "Nope"}, BillbeeAPIError),
        (400, {"Message": "The request is invalid."}, BillbeeError),
    ],
)
def test_error_for_response_maps_flatly(
    status: int, payload: object, expected: type[BillbeeError]
) -> None:
    err = error_for_response(status_code=status, payload=payload, method="GET", path="/orders")
    assert type(err) is expected
    assert err is not None and err.status_code == status


def test_success_maps_to_none_and_malformed_success_to_server_error() -> None:
    ok = {"ErrorCode": 0, "Data": []}
    assert error_for_response(status_code=200, payload=ok, method="GET", path="/x") is None
    assert error_for_response(status_code=204, payload=None, method="PUT", path="/x") is None
    err = error_for_response(status_code=200, payload=None, method="GET", path="/x", malformed=True)
    assert isinstance(err, BillbeeServerError)


def test_errors_survive_pickling_with_their_attributes() -> None:
    err = BillbeeAPIError(
        message="m",
        error_code=11,
        error_message="Invalid",
        status_code=400,
        method="GET",
        path="/p",
    )
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is BillbeeAPIError
    assert (copy.error_code, copy.path, str(copy)) == (11, "/p", "m")


def test_missing_paging_on_a_later_page_counts_the_pages_before_it() -> None:
    body = {"ErrorCode": 0, "Data": [{"Id": 11}, {"Id": 12}]}
    page = make_api(ScriptedAdapter(Reply(json_body=body))).list_customers(page=2, page_size=10)
    assert (page.first_index, page.last_index, page.total_rows) == (11, 12, 12)
    assert (page.page, page.total_pages, page.has_more) == (2, 2, False)
    empty = {"ErrorCode": 0, "Data": []}
    page = make_api(ScriptedAdapter(Reply(json_body=empty))).list_customers(page=3, page_size=10)
    assert (page.total_rows, page.total_pages, page.items) == (0, 1, [])
