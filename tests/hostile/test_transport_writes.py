"""A write never lands late: once its call is cancelled or out of time it sends nothing more,
and two writes to one record are never reordered by retries. Against the sandbox.

The case from the field: ``asyncio.wait_for(tool.ainvoke({... 10}), 1)`` timed out while the
write waited out a ``Retry-After``; a write of 20 then succeeded; then the abandoned worker
thread woke up and set 10, and the stale value would have been pushed to every marketplace.
"""

from __future__ import annotations

import asyncio
import json
import threading
from decimal import Decimal
from typing import Any

import pytest

from langchain_billbee import BillbeeAPIWrapper, BillbeeRateLimitError, BillbeeUpdateStockTool
from tests.helpers import acall

STOCK_PATH = "/products/updatestock"
CEILING_S = 30.0


def _two_products(sandbox: Any) -> tuple[str, str]:
    products = sandbox.state.get_products(page_size=2).items
    return str(products[0]["SKU"]), str(products[1]["SKU"])


def _stock(sandbox: Any, sku: str) -> Decimal:
    return Decimal(sandbox.state.get_product(sku, lookup_by="sku")["StockCurrent"])


def _posted(sandbox: Any, sku: str) -> list[int]:
    """The quantities sent for ``sku``, in arrival order."""
    bodies = [json.loads(r.body) for r in sandbox.requests if r.path == STOCK_PATH]
    return [int(b["NewQuantity"]) for b in bodies if b.get("Sku") == sku]


def test_a_cancelled_write_sends_nothing_more(sandbox: Any) -> None:
    sku, _ = _two_products(sandbox)
    api = sandbox.api_wrapper(requests_per_second=None)
    tool = BillbeeUpdateStockTool(api_wrapper=api)
    sandbox.faults.add("429", retry_after=2, method="POST", path=STOCK_PATH)

    async def scenario() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(acall(tool, sku=sku, new_quantity=10, call_id="set-10"), 0.5)
        message = await acall(tool, sku=sku, new_quantity=20, call_id="set-20")
        assert message.status == "success", message.content

    # asyncio.run waits for the default executor's threads: the abandoned worker has finished
    # (and had its chance to send) by the time it returns.
    asyncio.run(scenario())

    assert _stock(sandbox, sku) == 20
    assert _posted(sandbox, sku) == [10, 20]  # the throttled attempt, then the new write only


def test_a_write_whose_wait_cannot_fit_fails_at_once_and_sends_nothing_more(
    sandbox: Any,
) -> None:
    sku, _ = _two_products(sandbox)
    before = _stock(sandbox, sku)
    sandbox.faults.add("429", retry_after=30, method="POST", path=STOCK_PATH)
    api = sandbox.api_wrapper(requests_per_second=None, call_timeout=2.0)

    with pytest.raises(BillbeeRateLimitError) as info:
        api.update_stock(sku=sku, new_quantity=10)
    api.update_stock(sku=sku, new_quantity=20)

    assert "call_timeout" in str(info.value)
    assert _posted(sandbox, sku) == [10, 20] and _stock(sandbox, sku) == 20 != before


def _backing_off_write(
    api_settings: dict[str, Any], sandbox: Any, sku: str, quantity: int
) -> tuple[threading.Thread, threading.Event]:
    """A write of ``quantity`` whose first attempt fails (503): it signals when it starts
    backing off, then waits half a second before its retry."""
    backing_off = threading.Event()

    def sleep(seconds: float) -> None:
        backing_off.set()
        threading.Event().wait(0.5)

    sandbox.faults.add("503", method="POST", path=STOCK_PATH)
    api: BillbeeAPIWrapper = sandbox.api_wrapper(**api_settings, sleep=sleep)
    thread = threading.Thread(
        target=api.update_stock, kwargs={"sku": sku, "new_quantity": quantity}
    )
    thread.start()
    return thread, backing_off


SETTINGS = {"requests_per_second": None, "jitter": lambda d: d}


def test_two_writes_to_one_record_land_in_the_order_they_started(sandbox: Any) -> None:
    sku, _ = _two_products(sandbox)
    first, backing_off = _backing_off_write(SETTINGS, sandbox, sku, 10)
    assert backing_off.wait(CEILING_S)

    # Started while the first write waits to retry: it must not overtake that retry.
    sandbox.api_wrapper(**SETTINGS).update_stock(sku=sku, new_quantity=20)
    first.join(CEILING_S)

    assert _posted(sandbox, sku) == [10, 10, 20]
    assert _stock(sandbox, sku) == 20


def test_a_write_to_another_record_does_not_wait(sandbox: Any) -> None:
    sku, other = _two_products(sandbox)
    first, backing_off = _backing_off_write(SETTINGS, sandbox, sku, 10)
    assert backing_off.wait(CEILING_S)

    sandbox.api_wrapper(**SETTINGS).update_stock(sku=other, new_quantity=33)
    overtaken = first.is_alive()  # the other record's write finished during the backoff
    first.join(CEILING_S)

    assert overtaken and _stock(sandbox, other) == 33 and _stock(sandbox, sku) == 10
