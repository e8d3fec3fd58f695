"""Benchmark 6: the user's words. An order by its number, an exact summary, the schema cost.

On a 1,000-order sandbox, each new path is set side by side with the path an agent had before:

- "look up order <number>": ``billbee_get_order(order_number=...)`` (one ``findbyextref``
  request) against listing pages of 250 until a line shows the number (the order sits halfway,
  so the old path reads half the shop on average);
- "summarize by state and shop": ``billbee_summarize_orders`` (every page at 250, counted by
  code) against the model reading the same four pages of order lines and counting them itself.
  Its counts are compared with a brute-force count over the sandbox's own state.

Then the tool-schema cost: characters of every tool's schema as bound to a model
(``convert_to_openai_tool``), against the eight tools' 11,125 before the new tools and arguments.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from benchmarks._common import sandbox_wrapper
from benchmarks._report import Row
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

__all__ = ["ORDERS", "SCHEMA_BUDGET", "brute_force_counts", "run", "schema_chars"]

BENCHMARK = "6 user words"
ORDERS = 1000
SCHEMA_BUDGET = 11_125
"""Characters of the eight tools' schemas before issue 10 (the bound the nine must keep)."""
NUMBER_TARGET_CHARS = 1_000
SUMMARY_TARGET_CHARS = 1_500


def _chars(count: int) -> str:
    return f"{count:,} chars (~{count // 4:,} tokens)"


def _requests(count: int) -> str:
    return f"{count} request" + ("" if count == 1 else "s")


def schema_chars(toolkit: BillbeeToolkit) -> int:
    """What binding every tool of ``toolkit`` to a model costs, in JSON characters."""
    return sum(len(json.dumps(convert_to_openai_tool(t))) for t in toolkit.get_tools())


def brute_force_counts(sandbox: BillbeeSandbox) -> Counter[tuple[str, str]]:
    """Orders per (state id, shop name), read straight from the sandbox's state."""
    orders = sandbox.state.get_orders(page=1, page_size=10 * ORDERS).items
    return Counter((str(o["State"]), str(o["ApiAccountName"])) for o in orders)


class _Calls:
    """The toolkit's tools called as an agent calls them, counting requests and characters."""

    def __init__(self, sandbox: BillbeeSandbox) -> None:
        self.api = sandbox_wrapper(sandbox)
        self.tools = {t.name: t for t in BillbeeToolkit(api_wrapper=self.api).get_tools()}

    def call(self, name: str, args: dict[str, Any]) -> ToolMessage:
        call = {"type": "tool_call", "id": f"bench-{name}", "name": name, "args": args}
        message = self.tools[name].invoke(call)
        assert isinstance(message, ToolMessage)
        return message

    def measure(self, steps: list[tuple[str, dict[str, Any]]]) -> tuple[int, int, ToolMessage]:
        before = self.api.stats.requests
        chars, message = 0, None
        for name, args in steps:
            message = self.call(name, args)
            chars += len(str(message.content))
        assert message is not None
        return self.api.stats.requests - before, chars, message


def _by_number_rows(calls: _Calls) -> list[Row]:
    halfway = calls.api.list_orders(page=ORDERS // 2, page_size=1).items[0]
    number = str(halfway.order_number)
    requests, chars, message = calls.measure([("billbee_get_order", {"order_number": number})])
    found = message.status != "error" and f"order no. {number}" in str(message.content)
    new = Row(
        BENCHMARK,
        f"order by number, {ORDERS:,}-order shop",
        f"{_requests(requests)}; model read {_chars(chars)}" + ("" if found else "; NOT FOUND"),
        f"1 request, <= {NUMBER_TARGET_CHARS:,} chars",
        found and requests == 1 and chars <= NUMBER_TARGET_CHARS,
    )
    # The old way: list pages until a line shows the number. At 100 lines a page stays within
    # the tools' result cap (a page of 250 would be cut short); order 500 is on page 5.
    pages = [("billbee_list_orders", {"page": p, "page_size": 100}) for p in range(1, 6)]
    old_requests, old_chars, last = calls.measure(pages)
    if f" | {number} | " not in str(last.content):
        old_chars = -1  # the number was not where it should be; the row says so
    old = Row(
        BENCHMARK,
        "order by number, before: list until it shows",
        f"{_requests(old_requests)}; model read {_chars(old_chars)}"
        if old_chars >= 0
        else "number not on page 5",
        "baseline",
    )
    return [new, old]


def _summary_rows(calls: _Calls, sandbox: BillbeeSandbox) -> list[Row]:
    args = {"group_by": ["state", "shop"]}
    requests, chars, message = calls.measure([("billbee_summarize_orders", args)])
    data = message.artifact["Data"] if isinstance(message.artifact, dict) else {}
    counted = Counter({tuple(g["key"]): g["count"] for g in data.get("groups", [])})
    exact = counted == brute_force_counts(sandbox)
    new = Row(
        BENCHMARK,
        f"summarize {ORDERS:,} orders by state and shop",
        f"{_requests(requests)}; model read {_chars(chars)}; counts "
        + ("= brute force" if exact else "DIFFER from brute force"),
        f"4 requests, <= {SUMMARY_TARGET_CHARS:,} chars, exact",
        exact and requests == 4 and chars <= SUMMARY_TARGET_CHARS,
    )
    pages = [("billbee_list_orders", {"page": p, "page_size": 250}) for p in range(1, 5)]
    old_requests, old_chars, _ = calls.measure(pages)
    old = Row(
        BENCHMARK,
        "summary, before: read every line, count in model",
        f"{_requests(old_requests)}; model read {_chars(old_chars)}",
        "baseline",
    )
    return [new, old]


def _schema_row(api_wrapper: Any) -> Row:
    toolkit = BillbeeToolkit(api_wrapper=api_wrapper)
    chars, count = schema_chars(toolkit), len(toolkit.get_tools())
    return Row(
        BENCHMARK,
        f"tool schemas as bound to a model ({count} tools)",
        f"{chars:,} chars (~{chars // 4:,} tokens)",
        f"<= {SCHEMA_BUDGET:,} (8 tools before)",
        chars <= SCHEMA_BUDGET,
    )


def run(*, quick: bool = False) -> list[Row]:
    """Same work in quick mode: eleven requests with the limiter off."""
    del quick
    with BillbeeSandbox(throttle=False, orders=ORDERS) as sandbox:
        calls = _Calls(sandbox)
        rows = [*_by_number_rows(calls), *_summary_rows(calls, sandbox), _schema_row(calls.api)]
        calls.api.close()
    return rows
