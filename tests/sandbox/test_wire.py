"""The wire format as captured from Billbee: envelope key order, string ErrorDescription, .NET
decimal scale, zone-less dates, explicit nulls, the full field set of a captured order."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee.sandbox.wire import format_datetime
from tests.conftest import REPO_ROOT
from tests.sandbox._http import BillbeeHTTP, parse

ZONELESS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$")
SHARED = Path(os.environ.get("BILLBEE_SHARED", REPO_ROOT.parent / "shared" / "billbee"))


def test_paged_envelope_key_order_and_error_description(http: BillbeeHTTP) -> None:
    response = http.get("/orders", params={"pageSize": 1})
    assert response.headers["Content-Type"].startswith("application/json")
    body = json.loads(response.text)
    assert list(body) == ["Paging", "ErrorMessage", "ErrorCode", "ErrorDescription", "Data"]
    assert body["ErrorDescription"] == "NoError" and body["ErrorMessage"] is None
    assert list(body["Paging"]) == ["Page", "TotalPages", "TotalRows", "PageSize"]
    assert response.text.startswith('{"Paging":{"Page":1,')  # compact, as Billbee sends it


def test_single_envelope_has_no_paging(http: BillbeeHTTP) -> None:
    order_id = http.data("/orders", pageSize=1)[0]["BillBeeOrderId"]
    body = json.loads(http.get(f"/orders/{order_id}").text)
    assert list(body) == ["ErrorMessage", "ErrorCode", "ErrorDescription", "Data"]


def test_validation_error_envelope(http: BillbeeHTTP) -> None:
    response = http.request("POST", "/products/updatestock", json={"NewQuantity": 3})
    body = json.loads(parse(response) and response.text)
    assert list(body) == ["ErrorMessage", "ErrorCode", "ErrorDescription", "Data"]
    assert body["ErrorMessage"] == "Parameter SKU is empty"
    assert (body["ErrorCode"], body["ErrorDescription"], body["Data"]) == (11, "InvalidData", None)


def test_decimals_keep_their_dotnet_scale(http: BillbeeHTTP) -> None:
    text = http.get("/orders", params={"pageSize": 20}).text
    assert re.search(r'"Quantity":\d+\.000,', text)  # decimal(…, 3)
    assert re.search(r'"TotalPrice":\d+\.\d{7},', text)  # decimal(…, 7)
    assert re.search(r'"TaxRate1":19\.00,', text)
    assert re.search(r'"AdjustmentCost":0\.0,', text)  # double-style money
    assert re.search(r'"TaxAmount":\d+\.\d{12,}', text)  # full decimal precision
    assert not re.search(r"[:,\[]-?\d+(\.\d+)?[eE]", text)  # never exponent notation


def test_dates_carry_no_zone(http: BillbeeHTTP) -> None:
    orders = http.data("/orders", pageSize=50)
    dates = [o[k] for o in orders for k in ("CreatedAt", "LastModifiedAt", "InvoiceDate") if o[k]]
    dates += [h["Created"] for o in orders for h in o["History"]]
    assert dates and all(ZONELESS.match(d) for d in dates), [
        d for d in dates if not ZONELESS.match(d)
    ]
    assert any("." in d for d in dates) and any("." not in d for d in dates)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2023, 4, 22, 14, 56, 23, 843000), "2023-04-22T14:56:23.843"),
        (datetime(2023, 4, 22, 14, 56, 23, 100), "2023-04-22T14:56:23.0001"),
        (datetime(2023, 4, 22, 14, 56, 23), "2023-04-22T14:56:23"),
        (datetime(1, 1, 1), "0001-01-01T00:00:00"),  # .NET's DateTime.MinValue, four digits
    ],
)
def test_a_date_is_written_as_dotnet_writes_it(value: datetime, text: str) -> None:
    assert format_datetime(value) == text


def test_nulls_are_explicit(http: BillbeeHTTP) -> None:
    order = json.loads(http.get("/orders", params={"pageSize": 1}).text)["Data"][0]
    for key in ("Buyer", "SellerComment", "BillBeeParentOrderId", "ArchivedAt", "WebUrl"):
        assert key in order
    assert order["ArchivedAt"] is None and order["Comments"] == []


def _keys(value: Any, path: str = "") -> set[str]:
    """Every key path in a JSON value (list items merged)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            found.add(f"{path}.{key}")
            found |= _keys(child, f"{path}.{key}")
    elif isinstance(value, list):
        for child in value:
            found |= _keys(child, f"{path}[]")
    return found


def test_orders_carry_the_full_field_set_of_the_captured_order(http: BillbeeHTTP) -> None:
    captured_file = SHARED / "examples" / "orders-list.captured.json"
    if not captured_file.exists():
        pytest.skip(f"captured Billbee response not found at {captured_file}")
    captured = json.loads(captured_file.read_text())
    ours = json.loads(http.get("/orders", params={"pageSize": 250}).text)
    assert list(ours) == list(captured)
    missing = _keys(captured["Data"][0]) - set().union(*(_keys(o) for o in ours["Data"]))
    assert not missing, f"fields of the captured order the sandbox never sends: {sorted(missing)}"
    first = ours["Data"][0]
    assert [k for k in first if k in captured["Data"][0]] == list(captured["Data"][0])


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/json", 200),
        ("", 200),
        ("*/*", 200),
        ("text/html", 200),  # names neither: ASP.NET falls back to JSON
        ("application/xml, application/json", 200),  # a tie goes to JSON
        ("application/xml", 406),
        ("text/xml", 406),
        ("application/xml, */*", 406),  # the exact match beats the wildcard
        ("application/json;q=0.5, application/xml", 406),
    ],
)
def test_an_accept_header_billbee_would_answer_in_xml_is_406(
    http: BillbeeHTTP, accept: str, status: int
) -> None:
    """The sandbox writes no XML; a client asking for it by mistake must not get JSON here."""
    response = http.get("/enums/orderstates", headers={"Accept": accept})
    assert response.status_code == status, response.text
    if status == 406:
        assert "JSON only" in response.json()["Message"]
