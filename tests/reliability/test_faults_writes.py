"""Faults on the two write tools: the sandbox ends in the intended state, changed exactly once.

Both writes set absolute values (a state id, a stock quantity), so the wrapper may repeat them.
The hard case is ``when="after"``: the sandbox applies the write, then fails the answer, so the
client cannot know whether it landed and sends it again. The intended state must hold, and the
order's History must show one state change, not two.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from tests.helpers import FakeClock
from tests.reliability._support import call, fast_wrapper, timeout_for, tools_by_name
from tests.reliability.test_faults_reads import FAULT_IDS, FAULTS, MAX_RETRIES, SLOW_S

STATE_PATH = "/orders/{id}/orderstate"
STOCK_PATH = "/products/updatestock"


def _order_to_change(sandbox: Any) -> tuple[int, int, int]:
    """(order id, current state, a different valid state)."""
    order = sandbox.state.get_orders(page_size=50).items[0]
    new_state = 4 if order["State"] != 4 else 3
    return int(order["BillBeeOrderId"]), int(order["State"]), new_state


def _product_to_change(sandbox: Any) -> tuple[int, str, Decimal]:
    """(product id, SKU, a quantity different from its stock)."""
    product = sandbox.state.get_products(page_size=50).items[0]
    return int(product["Id"]), str(product["SKU"]), Decimal(product["StockCurrent"]) + 17


def _history_length(sandbox: Any, order_id: int) -> int:
    return len(sandbox.state.get_order(order_id)["History"])


def _tools(sandbox: Any, kind: str) -> dict[str, Any]:
    api = fast_wrapper(sandbox, FakeClock(), max_retries=MAX_RETRIES, timeout=timeout_for(kind))
    return tools_by_name(api)


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize(("kind", "options", "phrase"), FAULTS, ids=FAULT_IDS)
def test_state_change_lands_exactly_once_through_transient_faults(
    sandbox: Any, kind: str, options: dict[str, Any], phrase: str, when: str
) -> None:
    order_id, _, new_state = _order_to_change(sandbox)
    history = _history_length(sandbox, order_id)
    sandbox.faults.add(kind, count=2, method="PUT", path=STATE_PATH, when=when, **options)

    message = call(
        _tools(sandbox, kind)["billbee_update_order_state"],
        {"order_id": order_id, "new_state_id": new_state},
    )

    assert message.status != "error", message.content
    assert sandbox.state.get_order(order_id)["State"] == new_state
    assert _history_length(sandbox, order_id) == history + 1


@pytest.mark.parametrize("by", ["sku", "billbee_product_id"])
@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize(("kind", "options", "phrase"), FAULTS, ids=FAULT_IDS)
def test_stock_update_lands_through_transient_faults(
    sandbox: Any, kind: str, options: dict[str, Any], phrase: str, when: str, by: str
) -> None:
    product_id, sku, quantity = _product_to_change(sandbox)
    sandbox.faults.add(kind, count=2, method="POST", path=STOCK_PATH, when=when, **options)
    target = {"sku": sku} if by == "sku" else {"billbee_product_id": product_id}

    message = call(
        _tools(sandbox, kind)["billbee_update_stock"], {**target, "new_quantity": int(quantity)}
    )

    assert message.status != "error", message.content
    assert Decimal(sandbox.state.get_product(str(product_id))["StockCurrent"]) == quantity
    new = f"{quantity.normalize():f}"
    # A fault after the write hid that it landed, so the retry finds the stock already set; a
    # timed-out attempt lands late, before or after the retry that succeeds.
    changed, already = f"→ {new}", f"stock set to {new} (Billbee reports it was already {new};"
    expected = {changed, already} if kind == "slow" else {already if when == "after" else changed}
    assert any(text in str(message.content) for text in expected), message.content


# A "slow" answer is not refused: the sandbox handles the request late, so it is covered below.
REFUSALS = [fault for fault in FAULTS if fault[0] != "slow"]
REFUSAL_IDS = [name for name in FAULT_IDS if name != "slow"]


@pytest.mark.parametrize(("kind", "options", "phrase"), REFUSALS, ids=REFUSAL_IDS)
def test_lasting_fault_before_the_write_leaves_state_alone(
    sandbox: Any, kind: str, options: dict[str, Any], phrase: str
) -> None:
    order_id, old_state, new_state = _order_to_change(sandbox)
    history = _history_length(sandbox, order_id)
    sandbox.faults.add(kind, count=MAX_RETRIES + 1, method="PUT", path=STATE_PATH, **options)

    message = call(
        _tools(sandbox, kind)["billbee_update_order_state"],
        {"order_id": order_id, "new_state_id": new_state},
    )

    assert message.status == "error"
    assert phrase in str(message.content)
    assert sandbox.state.get_order(order_id)["State"] == old_state
    assert _history_length(sandbox, order_id) == history


@pytest.mark.parametrize(("kind", "options", "phrase"), FAULTS, ids=FAULT_IDS)
def test_lasting_fault_after_the_write_still_changes_state_once(
    sandbox: Any, kind: str, options: dict[str, Any], phrase: str
) -> None:
    order_id, _, new_state = _order_to_change(sandbox)
    history = _history_length(sandbox, order_id)
    sandbox.faults.add(
        kind, count=MAX_RETRIES + 1, method="PUT", path=STATE_PATH, when="after", **options
    )

    message = call(
        _tools(sandbox, kind)["billbee_update_order_state"],
        {"order_id": order_id, "new_state_id": new_state},
    )

    assert message.status == "error"  # the client never saw a success ...
    assert sandbox.state.get_order(order_id)["State"] == new_state  # ... yet it landed, once
    assert _history_length(sandbox, order_id) == history + 1


@pytest.mark.waits
def test_timed_out_write_lands_once_although_the_tool_reports_failure(sandbox: Any) -> None:
    """Every attempt times out, yet the sandbox handles each one late: the first changes the
    state, the repeats find it already set and add no History entry."""
    order_id, _, new_state = _order_to_change(sandbox)
    history = _history_length(sandbox, order_id)
    sandbox.faults.add("slow", count=MAX_RETRIES + 1, method="PUT", path=STATE_PATH, delay=SLOW_S)

    message = call(
        _tools(sandbox, "slow")["billbee_update_order_state"],
        {"order_id": order_id, "new_state_id": new_state},
    )

    assert message.status == "error"
    assert "Could not reach Billbee" in str(message.content)
    deadline = time.monotonic() + SLOW_S * (MAX_RETRIES + 2)
    while _history_length(sandbox, order_id) == history and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(SLOW_S)  # let the later, repeated attempts land too
    assert sandbox.state.get_order(order_id)["State"] == new_state
    assert _history_length(sandbox, order_id) == history + 1


def test_error_envelope_on_a_write_is_reported_and_not_repeated(sandbox: Any) -> None:
    product_id, sku, quantity = _product_to_change(sandbox)
    before = sandbox.state.get_product(str(product_id))["StockCurrent"]
    sandbox.faults.add(
        "error_envelope", method="POST", path=STOCK_PATH, error_message="Stock is locked"
    )
    api = fast_wrapper(sandbox, FakeClock(), max_retries=MAX_RETRIES)

    message = call(
        tools_by_name(api)["billbee_update_stock"], {"sku": sku, "new_quantity": int(quantity)}
    )

    assert message.status == "error"
    assert "Stock is locked" in str(message.content)
    assert api.stats.requests == 1
    assert sandbox.state.get_product(str(product_id))["StockCurrent"] == before
