"""Billbee's invoice throttle (1 per minute per page and ``minInvoiceDate``) against the wrapper.

The wrapper and the sandbox's throttles share one :class:`FakeClock`, so the wrapper's minute of
waiting for a slot passes instantly and the sandbox sees the same minute go by. ``max_retries=0``
makes any 429 visible as a failed call instead of a retry.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from langchain_billbee.sandbox import SHOPS, BillbeeSandbox
from tests.helpers import FakeClock
from tests.reliability._support import call, tools_by_name


@pytest.fixture
def fake() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttled(fake: FakeClock) -> Iterator[BillbeeSandbox]:
    with BillbeeSandbox(
        throttle=True, api_key="invoice-key", username="invoice@example.com", clock=fake
    ) as sandbox:
        yield sandbox


def _invoice_tool(sandbox: BillbeeSandbox, fake: FakeClock) -> Any:
    api = sandbox.api_wrapper(requests_per_second=None, max_retries=0, clock=fake, sleep=fake.sleep)
    return tools_by_name(api)["billbee_list_invoices"]


def test_repeated_identical_query_is_served_from_the_cache(
    throttled: BillbeeSandbox, fake: FakeClock
) -> None:
    tool = _invoice_tool(throttled, fake)
    first = call(tool, {"page": 1, "page_size": 10})
    second = call(tool, {"page": 1, "page_size": 10})
    assert first.status == second.status == "success"
    assert first.content == second.content
    assert throttled.stats.requests == 1
    assert fake.sleeps == []


def test_other_filters_on_the_same_page_and_date_wait_instead_of_429(
    throttled: BillbeeSandbox, fake: FakeClock
) -> None:
    tool = _invoice_tool(throttled, fake)
    base = {"min_invoice_date": "2026-10-01", "page": 1, "page_size": 10}
    first = call(tool, {**base, "shop_ids": [SHOPS[0].id]})
    second = call(tool, {**base, "shop_ids": [SHOPS[1].id]})
    assert first.status == "success"
    assert second.status == "success", second.content
    assert throttled.stats.throttled == 0
    assert sum(fake.sleeps) >= 59  # the wrapper waited out Billbee's minute itself


def test_concurrent_identical_queries_make_one_request(
    throttled: BillbeeSandbox, fake: FakeClock
) -> None:
    tool = _invoice_tool(throttled, fake)
    # The first request is held 0.3 s by the sandbox, so the second call starts while it is in
    # flight: the window a parallel tool call of an agent falls into.
    throttled.faults.add("slow", path="/orders/invoices", delay=0.3)
    args = {"page": 1, "page_size": 10}
    with ThreadPoolExecutor(2) as pool:
        messages = list(pool.map(lambda i: call(tool, args, call_id=f"c{i}"), range(2)))
    assert [m.status for m in messages] == ["success", "success"]
    assert throttled.stats.requests == 1
