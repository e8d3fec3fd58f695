"""Billbee and network failures become error ToolMessages that say what to do next."""

from __future__ import annotations

from unittest import mock

import pytest
import requests
from pydantic import ValidationError

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import (
    BillbeeAPIError,
    BillbeeAuthenticationError,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeNotFoundError,
    BillbeeRateLimitError,
    BillbeeServerError,
)
from langchain_billbee.models import Order
from langchain_billbee.tools import (
    BILLBEE_TOOLS,
    BillbeeGetOrderTool,
    BillbeeListOrdersTool,
    BillbeeUpdateOrderStateTool,
    BillbeeUpdateStockTool,
)
from tests.unit.tools._helpers import API_KEY, API_PASSWORD, FakeApi, call

WHERE = {"method": "GET", "path": "/orders/123"}

# (error the wrapper raises, texts the ToolMessage must contain)
FAILURES: list[tuple[BillbeeError, tuple[str, ...]]] = [
    (
        BillbeeNotFoundError(message="Billbee found nothing.", status_code=404, **WHERE),
        ("no such record", "BillBeeOrderId", "billbee_list_orders", "HTTP 404"),
    ),
    (
        BillbeeRateLimitError(message="Throttled.", retry_after=7.0, **WHERE),
        ("Wait 7 seconds", "billbee_get_order"),
    ),
    (
        BillbeeRateLimitError(message="Throttled.", retry_after=None, **WHERE),
        ("Wait about a minute",),
    ),
    (
        BillbeeAuthenticationError(message="Rejected.", status_code=401, **WHERE),
        ("BILLBEE_USERNAME", "BILLBEE_API_PASSWORD", "BILLBEE_API_KEY", "retrying will not help"),
    ),
    (
        BillbeeServerError(message="Billbee failed (HTTP 503).", status_code=503, **WHERE),
        ("Try once more in a minute", "Billbee is unavailable"),
    ),
    (
        BillbeeConnectionError(message="Could not reach Billbee.", **WHERE),
        ("Could not reach Billbee", "Try once more"),
    ),
    (
        BillbeeAPIError(
            message="Billbee refused GET /orders/123: OrderNotFound.",
            error_code=2,
            error_message="OrderNotFound",
            status_code=200,
            **WHERE,
        ),
        ("OrderNotFound", "do not repeat the same call"),
    ),
    (BillbeeError(message="Something else went wrong."), ("Something else went wrong",)),
]


@pytest.mark.parametrize(("error", "expected"), FAILURES, ids=lambda v: type(v).__name__)
def test_each_billbee_error_becomes_an_actionable_error_message(
    wrapper: BillbeeAPIWrapper,
    fake_api: FakeApi,
    error: BillbeeError,
    expected: tuple[str, ...],
) -> None:
    fake_api("get_order", error=error)

    message = call(BillbeeGetOrderTool(api_wrapper=wrapper), order_id=123)

    assert message.status == "error"
    assert message.content.startswith("billbee_get_order failed: ")
    # What failed: worded from the error's facts (where, status), never its developer text.
    if error.method is not None:
        assert "GET /orders/123" in message.content
    else:
        assert error.message in message.content  # no facts: the raiser's own sentence
    assert "Next step: " in message.content  # what to try
    for text in expected:
        assert text in message.content
    assert API_PASSWORD not in message.content
    assert API_KEY not in message.content


def test_write_tools_name_their_own_not_found_remedy(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    fake_api("update_stock", error=BillbeeNotFoundError(message="No product.", status_code=404))

    message = call(BillbeeUpdateStockTool(api_wrapper=wrapper), sku="NOPE", new_quantity=1)

    assert message.status == "error"
    assert "billbee_list_products" in message.content


UNCONFIRMED_WRITES = [
    BillbeeServerError(message="Billbee failed (HTTP 502).", status_code=502),
    BillbeeConnectionError(message="Could not reach Billbee (ReadTimeout)."),
]


@pytest.mark.parametrize("error", UNCONFIRMED_WRITES, ids=lambda e: type(e).__name__)
def test_an_unconfirmed_state_change_may_have_landed(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi, error: BillbeeError
) -> None:
    error.method, error.path = "PUT", "/orders/1/orderstate"
    fake_api("update_order_state", error=error)

    message = call(BillbeeUpdateOrderStateTool(api_wrapper=wrapper), order_id=1, new_state_id=3)

    assert message.status == "error"
    assert "may already be applied" in message.content
    assert "check the order's current state with billbee_get_order" in message.content
    assert "call billbee_update_order_state again" in message.content
    assert "harmless" in message.content
    assert "Billbee is unavailable" not in message.content


@pytest.mark.parametrize("error", UNCONFIRMED_WRITES, ids=lambda e: type(e).__name__)
def test_an_unconfirmed_stock_update_may_have_landed(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi, error: BillbeeError
) -> None:
    error.method, error.path = "POST", "/products/updatestock"
    fake_api("update_stock", error=error)

    message = call(BillbeeUpdateStockTool(api_wrapper=wrapper), sku="ESP-001", new_quantity=4)

    assert "may already be applied" in message.content
    assert "billbee_list_products" in message.content
    assert "Billbee is unavailable" not in message.content


def test_a_failed_lookup_before_a_stock_update_is_not_a_maybe_applied_write(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    # By product id, update_stock first reads the SKU: failing there, nothing was written.
    error = BillbeeServerError(message="Billbee failed (HTTP 503).", status_code=503)
    error.method, error.path = "GET", "/products/7"
    fake_api("update_stock", error=error)

    message = call(
        BillbeeUpdateStockTool(api_wrapper=wrapper), billbee_product_id=7, new_quantity=4
    )

    assert "may already be applied" not in message.content
    assert "Billbee is unavailable" in message.content


def test_every_write_tool_says_where_to_verify_a_change() -> None:
    writes = [tool for tool in BILLBEE_TOOLS if tool.access == "write"]
    assert len(writes) == 2
    assert all("billbee_" in tool.verify_hint for tool in writes)


def test_a_secret_echoed_by_the_server_is_blanked(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    echo = f"bad key {API_KEY} for password {API_PASSWORD}"
    error = BillbeeAuthenticationError(error_message=echo, status_code=401)
    fake_api("update_order_state", error=error)

    message = call(BillbeeUpdateOrderStateTool(api_wrapper=wrapper), order_id=1, new_state_id=3)

    assert API_KEY not in message.content
    assert API_PASSWORD not in message.content
    assert "bad key *** for password ***" in message.content


def test_an_unreadable_response_is_not_reported_as_invalid_arguments(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    with pytest.raises(ValidationError) as caught:
        Order.model_validate({"State": "not a number"})
    fake_api("get_order", error=caught.value)

    message = call(BillbeeGetOrderTool(api_wrapper=wrapper), order_id=5)

    assert message.status == "error"
    assert "Invalid arguments" not in message.content
    assert "did not match the expected shape" in message.content


def test_a_raw_network_exception_does_not_escape(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    fake_api("list_orders", error=requests.ConnectionError("connection reset"))

    message = call(BillbeeListOrdersTool(api_wrapper=wrapper))

    assert message.status == "error"
    assert "network error (ConnectionError)" in message.content


def test_the_real_wrapper_failing_to_connect_is_an_error_message(
    wrapper: BillbeeAPIWrapper,
) -> None:
    # No wrapper mock: its own HTTP session fails, and the wrapper's mapping plus the tool's
    # translation must turn that into an error message, not an exception.
    session = mock.create_autospec(requests.Session, instance=True)
    session.request.side_effect = requests.ConnectionError("boom")
    wrapper.session = session

    message = call(BillbeeGetOrderTool(api_wrapper=wrapper), order_id=5)

    assert message.status == "error"
    assert message.content.startswith("billbee_get_order failed: ")
    assert "Next step: " in message.content
    session.request.assert_called_once()
