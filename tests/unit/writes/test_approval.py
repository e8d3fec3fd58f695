"""``interrupt_on()``'s description callable and ``toolkit.preview``: reads, caching, failures."""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import HumanInTheLoopMiddleware

from langchain_billbee.toolkit import BillbeeToolkit
from tests.unit.core.fakes import ScriptedAdapter, make_api
from tests.unit.writes._fakes import ORDER_ID, order_reply, product_reply

STATE = "billbee_update_order_state"
STOCK = "billbee_update_stock"


def describe(toolkit: BillbeeToolkit, name: str, args: Any, call_id: str = "call-1") -> str:
    factory: Any = toolkit.interrupt_on()[name]["description"]  # type: ignore[index]
    return str(factory({"name": name, "args": args, "id": call_id, "type": "tool_call"}, {}, None))


def test_the_description_reads_once_even_when_a_resume_asks_again() -> None:
    adapter = ScriptedAdapter(order_reply(1))
    toolkit = BillbeeToolkit(api_wrapper=make_api(adapter))
    factory: Any = toolkit.interrupt_on()[STATE]["description"]  # type: ignore[index]
    call = {"name": STATE, "args": {"order_id": ORDER_ID, "new_state_id": 3}, "id": "c1"}
    first, again = factory(call, {}, None), factory(call, {}, None)
    assert first == again and len(adapter.requests) == 1
    assert "state 1 Bestellt (ordered) → 3 Zahlung_erhalten (paid)" in first
    assert first.endswith("which may notify the buyer.")  # the tool's review note follows
    HumanInTheLoopMiddleware(interrupt_on=dict(toolkit.interrupt_on()))  # accepted as config


def test_invalid_arguments_are_described_without_a_read() -> None:
    adapter = ScriptedAdapter()
    text = describe(BillbeeToolkit(api_wrapper=make_api(adapter)), STATE, {"order_id": 1})
    assert text.startswith("The agent's arguments are invalid (new_state_id: Field required)")
    assert "nothing is written" in text and adapter.requests == []


def test_an_unexpected_failure_still_gives_the_reviewer_text() -> None:
    adapter = ScriptedAdapter(RuntimeError("boom"))
    text = describe(
        BillbeeToolkit(api_wrapper=make_api(adapter)), STOCK, {"sku": "A", "new_quantity": 1}
    )
    assert text.startswith("Could not prepare a preview (RuntimeError)")


def test_a_dry_run_toolkit_says_so_in_the_preview() -> None:
    adapter = ScriptedAdapter(product_reply(1))
    toolkit = BillbeeToolkit(api_wrapper=make_api(adapter), dry_run=True)
    text = describe(toolkit, STOCK, {"sku": "KR-01-250", "new_quantity": 40})
    assert text.startswith('DRY RUN (nothing will be sent): SKU KR-01-250 "Kaffee 1 250 g"')


def test_preview_serves_a_reviewers_edited_arguments() -> None:
    adapter = ScriptedAdapter(order_reply(1))
    toolkit = BillbeeToolkit(api_wrapper=make_api(adapter))
    assert toolkit.preview(STATE, {"order_id": ORDER_ID, "new_state_id": 4}).endswith(
        ": state 1 Bestellt (ordered) → 4 Versendet (shipped)"
    )


def test_edits_can_be_left_out_so_every_change_is_previewed() -> None:
    config = BillbeeToolkit(api_wrapper=make_api(ScriptedAdapter())).interrupt_on(allow_edits=False)
    assert [entry["allowed_decisions"] for entry in config.values()] == [  # type: ignore[index]
        ["approve", "reject"],
        ["approve", "reject"],
    ]


def test_the_dry_run_toolkit_leaves_the_callers_wrapper_alone() -> None:
    api = make_api(ScriptedAdapter())
    toolkit = BillbeeToolkit(api_wrapper=api, dry_run=True, audit_log="audit.jsonl")
    assert toolkit.api_wrapper.dry_run and not api.dry_run
    assert toolkit.api_wrapper.stats is api.stats  # same account, same counters and limiter
    assert all(tool.api_wrapper is toolkit.api_wrapper for tool in toolkit.get_tools())
