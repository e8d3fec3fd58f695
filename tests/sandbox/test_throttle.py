"""Billbee's throttles on a sandbox with a hand-moved clock: no sleeping, no timing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from langchain_billbee.sandbox import BillbeeSandbox
from tests.helpers import FakeClock
from tests.sandbox._http import BillbeeHTTP


@pytest.fixture
def throttled(fake_clock: FakeClock) -> Iterator[BillbeeHTTP]:
    with BillbeeSandbox(throttle=True, clock=fake_clock) as sandbox:
        client = BillbeeHTTP(sandbox)
        yield client
        client.close()


def _status(http: BillbeeHTTP, path: str, **params: Any) -> int:
    return http.get(path, params=params).status_code


def test_third_request_within_a_second_is_429_with_retry_after(
    throttled: BillbeeHTTP, fake_clock: FakeClock
) -> None:
    assert _status(throttled, "/enums/orderstates") == 200
    fake_clock.advance(0.4)
    assert _status(throttled, "/customers") == 200  # a different endpoint counts too
    fake_clock.advance(0.4)
    refused = throttled.get("/enums/orderstates")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert refused.json() == "API calls quota exceeded! maximum admitted 2 per Second."
    fake_clock.advance(0.2)  # the first request has left the one-second window
    assert _status(throttled, "/enums/orderstates") == 200
    assert throttled.sandbox.stats.throttled == 1


def test_window_slides_rather_than_resetting_on_second_boundaries(
    throttled: BillbeeHTTP, fake_clock: FakeClock
) -> None:
    fake_clock.now = 1000.9
    assert _status(throttled, "/enums/orderstates") == 200
    fake_clock.now = 1000.95
    assert _status(throttled, "/enums/orderstates") == 200
    fake_clock.now = 1001.05  # a new calendar second, but still 2 requests in the last second
    assert _status(throttled, "/enums/orderstates") == 429
    fake_clock.now = 1001.91
    assert _status(throttled, "/enums/orderstates") == 200


def test_throttle_is_per_key_and_user(fake_clock: FakeClock) -> None:
    with BillbeeSandbox(throttle=True, clock=fake_clock) as sandbox:
        first, second = BillbeeHTTP(sandbox), BillbeeHTTP(sandbox)
        second.session.auth = ("sandbox@example.com", "wrong")
        assert [_status(first, "/enums/orderstates") for _ in range(3)] == [200, 200, 429]
        assert _status(second, "/enums/orderstates") == 401  # refused before the throttle


def test_invoices_once_a_minute_per_page_and_min_invoice_date(
    throttled: BillbeeHTTP, fake_clock: FakeClock
) -> None:
    def invoices(**params: Any) -> int:
        fake_clock.advance(1.0)  # stay clear of the 2-per-second rule
        return _status(throttled, "/orders/invoices", **params)

    assert invoices(page=1, minInvoiceDate="2026-10-01") == 200
    again = throttled.get("/orders/invoices", params={"page": 1, "minInvoiceDate": "2026-10-01"})
    assert again.status_code == 429 and 58 <= int(again.headers["Retry-After"]) <= 60
    assert again.json() == "API calls quota exceeded! maximum admitted 1 per Minute."
    assert invoices(page=2, minInvoiceDate="2026-10-01") == 200
    assert invoices(page=1, minInvoiceDate="2026-09-01") == 200
    assert invoices(page=1, minInvoiceDate="2026-10-01T00:00:00") == 429  # same date, other form
    fake_clock.advance(60)
    assert invoices(page=1, minInvoiceDate="2026-10-01") == 200


def test_get_order_six_times_per_order_per_minute(
    throttled: BillbeeHTTP, fake_clock: FakeClock
) -> None:
    fake_clock.advance(1)
    first, second = (o["BillBeeOrderId"] for o in throttled.data("/orders", pageSize=2))
    statuses = []
    for _ in range(7):
        fake_clock.advance(1.0)
        statuses.append(_status(throttled, f"/orders/{first}"))
    assert statuses == [200] * 6 + [429]
    refused = throttled.get(f"/orders/{first}")
    assert refused.json() == "API calls quota exceeded! maximum admitted 6 per Minute."
    fake_clock.advance(1.0)
    assert _status(throttled, f"/orders/{second}") == 200
    fake_clock.advance(55)
    assert _status(throttled, f"/orders/{first}") == 200


def test_request_refused_by_a_per_call_throttle_uses_no_per_second_slot(
    throttled: BillbeeHTTP, fake_clock: FakeClock
) -> None:
    fake_clock.advance(1)
    order_id = throttled.data("/orders", pageSize=1)[0]["BillBeeOrderId"]
    for _ in range(6):
        fake_clock.advance(1.0)
        assert _status(throttled, f"/orders/{order_id}") == 200
    fake_clock.advance(1.0)
    assert _status(throttled, f"/orders/{order_id}") == 429  # the order's 6 per minute
    # The refusal counts towards no window: two more requests fit into this second.
    assert [_status(throttled, "/enums/orderstates") for _ in range(3)] == [200, 200, 429]


def test_throttle_can_be_switched_off(throttled: BillbeeHTTP) -> None:
    throttled.sandbox.throttle.enabled = False
    assert {_status(throttled, "/enums/orderstates") for _ in range(5)} == {200}


def test_session_fixture_sandbox_is_unthrottled(http: BillbeeHTTP) -> None:
    assert {_status(http, "/enums/orderstates") for _ in range(5)} == {200}
