"""Faults on every read tool: transient ones are retried away, lasting ones explained.

Each case scripts a fault with the sandbox's injector for the tool's own request, then calls
the tool as an agent loop does. With the default budget (``max_retries=3``, four attempts):

- a transient fault (three failed attempts, the fourth answered) ends in a normal result;
- a lasting fault (every attempt fails) ends in an error ToolMessage saying what failed and
  what to do next; an error envelope is Billbee's definitive answer and is not retried;
- nothing raises out of ``invoke`` or ``ainvoke``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.helpers import FakeClock
from tests.reliability._support import (
    TIMEOUT_S,
    call,
    fast_wrapper,
    timeout_for,
    tools_by_name,
)
from tests.tool_table import TOOL_NAMES, WRITE_NAMES

MAX_RETRIES = 3
SLOW_S = TIMEOUT_S * 3


@dataclass(frozen=True)
class Read:
    tool: str
    args: dict[str, Any]
    method: str
    path: str


def _reads(order_id: int, customer_id: int) -> list[Read]:
    return [
        Read("billbee_list_orders", {"page_size": 5}, "GET", "/orders"),
        Read("billbee_list_orders", {"customer_id": customer_id}, "GET", "/customers/{id}/orders"),
        Read("billbee_get_order", {"order_id": order_id}, "GET", "/orders/{id}"),
        Read("billbee_list_products", {"page_size": 5}, "GET", "/products"),
        Read("billbee_list_customers", {"page_size": 5}, "GET", "/customers"),
        Read("billbee_list_customers", {"search": "a"}, "POST", "/search"),
        Read("billbee_list_invoices", {"page_size": 5}, "GET", "/orders/invoices"),
        Read("billbee_get_order_states", {}, "GET", "/enums/orderstates"),
        # Summaries always ask for pages of 250; one state keeps the answer small, so its
        # rendering on a busy machine cannot outlast TIMEOUT_S once the faults are spent.
        Read(
            "billbee_summarize_orders",
            {"group_by": ["state"], "order_state_ids": [15], "max_orders": 1},
            "GET",
            "/orders",
        ),
    ]


# (kind, fault options, a phrase the lasting-fault message must contain)
FAULTS: list[tuple[str, dict[str, Any], str]] = [
    ("429", {"retry_after": 1}, "rate limiting"),
    ("429", {}, "rate limiting"),
    ("500", {}, "HTTP 500"),
    ("502", {}, "HTTP 502"),
    ("503", {}, "HTTP 503"),
    ("slow", {"delay": SLOW_S}, "Could not reach Billbee"),
    ("drop", {}, "Could not reach Billbee"),
    ("malformed", {}, "Billbee"),
]
FAULT_IDS = [
    f"{kind}{'-retry-after' if opts.get('retry_after') else ''}" for kind, opts, _ in FAULTS
]
READ_IDS = [
    "list_orders",
    "customer_orders",
    "get_order",
    "list_products",
    "list_customers",
    "search_customers",
    "list_invoices",
    "get_order_states",
    "summarize_orders",
]


def test_every_read_tool_is_among_the_faulted_reads() -> None:
    reads = {name for name in TOOL_NAMES if name not in WRITE_NAMES}
    assert {read.tool for read in _reads(1, 1)} == reads


@pytest.fixture
def ids(sandbox: Any) -> tuple[int, int]:
    """A real order id and a customer id that has orders."""
    order = sandbox.api_wrapper(requests_per_second=None).list_orders(page_size=1).items[0]
    assert order.customer is not None and order.customer.id is not None
    return order.bill_bee_order_id, int(order.customer.id)


def _read(index: int, ids: tuple[int, int]) -> Read:
    return _reads(*ids)[index]


@pytest.mark.parametrize("index", range(len(READ_IDS)), ids=READ_IDS)
@pytest.mark.parametrize(("kind", "options", "phrase"), FAULTS, ids=FAULT_IDS)
def test_transient_fault_is_retried_away(
    sandbox: Any, ids: tuple[int, int], index: int, kind: str, options: dict[str, Any], phrase: str
) -> None:
    read, fake = _read(index, ids), FakeClock()
    api = fast_wrapper(sandbox, fake, max_retries=MAX_RETRIES, timeout=timeout_for(kind))
    sandbox.faults.add(kind, count=MAX_RETRIES, method=read.method, path=read.path, **options)

    message = call(tools_by_name(api)[read.tool], read.args)

    assert message.status != "error", message.content
    assert api.stats.requests == MAX_RETRIES + 1
    assert sandbox.faults.pending == []
    if options.get("retry_after"):
        assert fake.sleeps == [1.0] * MAX_RETRIES  # Retry-After honoured, not backoff


@pytest.mark.parametrize("index", range(len(READ_IDS)), ids=READ_IDS)
@pytest.mark.parametrize(("kind", "options", "phrase"), FAULTS, ids=FAULT_IDS)
def test_lasting_fault_becomes_a_clear_error_message(
    sandbox: Any, ids: tuple[int, int], index: int, kind: str, options: dict[str, Any], phrase: str
) -> None:
    read = _read(index, ids)
    api = fast_wrapper(sandbox, FakeClock(), max_retries=MAX_RETRIES, timeout=timeout_for(kind))
    sandbox.faults.add(kind, count=MAX_RETRIES + 1, method=read.method, path=read.path, **options)

    message = call(tools_by_name(api)[read.tool], read.args)

    assert message.status == "error"
    content = str(message.content)
    assert content.startswith(f"{read.tool} failed:"), content
    assert phrase in content, content
    assert "Next step:" in content
    assert api.stats.requests == MAX_RETRIES + 1


@pytest.mark.parametrize("index", range(len(READ_IDS)), ids=READ_IDS)
def test_error_envelope_is_reported_not_retried(
    sandbox: Any, ids: tuple[int, int], index: int
) -> None:
    read = _read(index, ids)
    api = fast_wrapper(sandbox, FakeClock(), max_retries=MAX_RETRIES)
    sandbox.faults.add(
        "error_envelope", method=read.method, path=read.path, error_message="Shop is locked"
    )

    message = call(tools_by_name(api)[read.tool], read.args)

    assert message.status == "error"
    assert "Shop is locked" in str(message.content)
    assert api.stats.requests == 1


@pytest.mark.parametrize(("kind", "options", "phrase"), FAULTS, ids=FAULT_IDS)
async def test_ainvoke_survives_lasting_faults(
    sandbox: Any, kind: str, options: dict[str, Any], phrase: str
) -> None:
    api = fast_wrapper(sandbox, FakeClock(), max_retries=1, timeout=timeout_for(kind))
    tool = tools_by_name(api)["billbee_list_orders"]
    sandbox.faults.add(kind, count=2, method="GET", path="/orders", **options)

    message = await tool.ainvoke(
        {"type": "tool_call", "id": "a1", "name": tool.name, "args": {"page_size": 3}}
    )

    assert message.status == "error"
    assert phrase in str(message.content)
