"""Every call has a deadline (``call_timeout``) covering connect, reads, limiter waits,
Retry-After waits and backoff; a wait that cannot fit fails at once.

``timeout`` bounds one socket operation, which a server trickling a byte at a time never
trips: before the deadline, such a server held a call as long as it liked. The ceilings below
are generous (a loaded machine is slow); each is far below what the server would take.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from langchain_billbee import (
    BillbeeError,
    BillbeeRateLimitError,
    BillbeeServerError,
    BillbeeUpdateStockTool,
)
from langchain_billbee._errors import BillbeeTimeoutError
from tests.helpers import call
from tests.hostile._servers import Exchange, Serve
from tests.hostile._support import wrapper_for

pytestmark = pytest.mark.waits  # each call runs into its budget of real time

BUDGET_S = 1.0
CEILING_S = 8.0
"""Far above BUDGET_S (a busy machine), far below what each server below would take."""

PRODUCT = {"Id": 7, "SKU": "KR-01-250", "StockCurrent": 3}


def _timed(call: Callable[[], Any]) -> tuple[BillbeeError, float]:
    start = time.monotonic()
    try:
        call()
    except BillbeeError as err:
        return err, time.monotonic() - start
    raise AssertionError("the call did not fail")


def _trickled_body(exchange: Exchange) -> None:
    body = b'{"ErrorCode":0,"Data":[' + b" " * 500 + b"]}"
    exchange.head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
    exchange.trickle(body, 0.1)  # 50 s for the whole body


def _trickled_head(exchange: Exchange) -> None:
    exchange.trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 500 + b"\r\n\r\n", 0.1)


def _silent(exchange: Exchange) -> None:
    exchange.wait_until_stopped()


@pytest.mark.parametrize(
    "answer", [_trickled_body, _trickled_head, _silent], ids=["body", "headers", "silence"]
)
def test_a_server_trickling_or_silent_cannot_hold_a_call_past_its_deadline(
    serve: Serve, answer: Callable[[Exchange], None]
) -> None:
    # timeout=30 per socket operation: only the call's deadline can end this early.
    api = wrapper_for(serve(answer), timeout=30.0, call_timeout=BUDGET_S, max_retries=3)

    error, elapsed = _timed(api.list_customers)

    assert isinstance(error, BillbeeTimeoutError), repr(error)
    assert "call_timeout" in str(error)
    assert BUDGET_S * 0.9 <= elapsed < CEILING_S


def test_a_retry_after_longer_than_the_budget_fails_at_once(serve: Serve) -> None:
    server = serve(lambda ex: ex.reply(429, headers={"Retry-After": "86400"}))
    api = wrapper_for(server, max_retries=3)  # the default call_timeout, 120 s

    error, elapsed = _timed(api.get_order_states)

    assert isinstance(error, BillbeeRateLimitError) and error.retry_after == 86400
    assert "86400" in str(error) and "call_timeout" in str(error)
    assert elapsed < CEILING_S and len(server.received) == 1  # no 120 s naps, no re-asking


def test_backoff_stops_where_the_budget_ends(serve: Serve) -> None:
    server = serve(lambda ex: ex.reply(503))
    # Backoff 0.5, 1, 2, 4 ... s: within 2 s, three attempts fit; the fourth wait would not.
    api = wrapper_for(server, max_retries=10, call_timeout=2.0, jitter=lambda d: d)

    error, elapsed = _timed(api.get_order_states)

    assert isinstance(error, BillbeeServerError) and error.status_code == 503
    assert "call_timeout" in str(error)
    assert len(server.received) == 3
    assert elapsed < CEILING_S


def test_a_limiter_wait_that_cannot_fit_fails_at_once_and_sends_nothing(serve: Serve) -> None:
    server = serve(lambda ex: ex.reply(json_body=[]))
    # 0.1 requests/s: the second call would wait 10 s for its turn; it has 1 s.
    api = wrapper_for(server, requests_per_second=0.1, call_timeout=BUDGET_S)
    api.get_order_states()

    error, elapsed = _timed(api.get_order_states)

    assert isinstance(error, BillbeeTimeoutError) and "limiter" in str(error)
    assert error.request_sent is False
    assert elapsed < CEILING_S and len(server.received) == 1


def _stock_tool(serve: Serve, delay_s: float, **settings: Any) -> tuple[Any, Any]:
    """update_stock by product id: a GET for the SKU, then the POST; each answer ``delay_s``
    late."""

    def answer(exchange: Exchange) -> None:
        time.sleep(delay_s)
        data = PRODUCT if exchange.request.method == "GET" else {"Sku": PRODUCT["SKU"]}
        exchange.reply(json_body={"ErrorCode": 0, "Data": data})

    server = serve(answer)
    return BillbeeUpdateStockTool(api_wrapper=wrapper_for(server, **settings)), server


def _set_stock(tool: Any) -> Any:
    return call(tool, {"billbee_product_id": 7, "new_quantity": 40})


def test_one_tool_call_shares_one_budget(serve: Serve) -> None:
    # Each request alone fits in the budget; both together do not.
    tool, server = _stock_tool(serve, BUDGET_S * 0.6, call_timeout=BUDGET_S)

    message = _set_stock(tool)

    assert message.status == "error" and "ran out of time" in message.content
    assert [r.method for r in server.received] == ["GET", "POST"]
    assert "may already be applied" in message.content  # the POST was sent, then cut off


def test_a_write_that_no_longer_fits_is_not_sent(serve: Serve) -> None:
    # One request a second: after the lookup, the write's turn would come after the budget.
    tool, server = _stock_tool(serve, 0.0, call_timeout=BUDGET_S * 0.8, requests_per_second=1.0)

    message = _set_stock(tool)

    assert message.status == "error" and "ran out of time" in message.content
    assert "limiter" in message.content and "may already be applied" not in message.content
    assert [r.method for r in server.received] == ["GET"]
