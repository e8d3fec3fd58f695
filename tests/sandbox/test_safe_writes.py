"""Writes a person can trust, end to end over the sandbox: the approval shows the change, a dry
run sends nothing and forecasts exactly what a real run does, every write leaves an audit line.

The sandbox's request log is the witness of what was sent; the model is scripted, everything
below it (LangChain's agent loop and middleware, the tools, the wrapper, HTTP) is real.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import HumanInTheLoopMiddleware
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.audit import read_audit_log
from langchain_billbee.order_states import describe_state
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit
from tests.sandbox.test_agent import calls, model, paid_order_id

STATE = "billbee_update_order_state"
STOCK = "billbee_update_stock"


def number(values: dict[str, Any] | None) -> Decimal:
    assert values is not None
    return Decimal(values["StockCurrent"])


def sent(sandbox: BillbeeSandbox) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sandbox.requests]


def writes_sent(sandbox: BillbeeSandbox) -> list[tuple[str, str]]:
    return [(m, p) for m, p in sent(sandbox) if m != "GET"]


def agent_for(toolkit: BillbeeToolkit, order_id: int) -> Any:
    return create_agent(
        model(calls((STATE, {"order_id": order_id, "new_state_id": 4})), AIMessage("Done.")),
        tools=toolkit.get_tools(),
        middleware=[HumanInTheLoopMiddleware(interrupt_on=dict(toolkit.interrupt_on()))],
        checkpointer=InMemorySaver(),
    )


def tool_call(name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "args": args, "id": f"call-{name}", "type": "tool_call"}


def test_the_interrupt_shows_the_change_and_approval_is_audited(
    sandbox: BillbeeSandbox, tmp_path: Path
) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    order = api.get_order(order_id)
    toolkit = BillbeeToolkit(api_wrapper=api, audit_log=tmp_path / "audit.jsonl")
    agent = agent_for(toolkit, order_id)
    config: Any = {"configurable": {"thread_id": "preview"}}
    sandbox.reset()

    paused = agent.invoke({"messages": [HumanMessage("Mark it shipped.")]}, config)

    (request,) = paused["__interrupt__"][0].value["action_requests"]
    description = request["description"]
    assert description.startswith(f"Order {order.order_number} (BillBeeOrderId {order_id}) · ")
    assert ": state 3 Zahlung_erhalten (paid) → 4 Versendet (shipped)" in description
    assert "Billbee pushes" in description  # the fixed note follows the preview
    assert sent(sandbox) == [("GET", f"/orders/{order_id}")]  # one read, nothing written

    before_resume = len(sandbox.requests)
    resumed = agent.invoke(Command(resume={"decisions": [{"type": "approve"}]}), config)

    # The approved write is one request: the audit takes the old state from the preview's read.
    assert sent(sandbox)[before_resume:] == [("PUT", f"/orders/{order_id}/orderstate")]
    (result,) = [m for m in resumed["messages"] if isinstance(m, ToolMessage)]
    assert "state set to 4 Versendet (shipped) (it was 3 Zahlung_erhalten (paid)" in result.content
    (record,) = read_audit_log(tmp_path / "audit.jsonl")
    assert record.tool == STATE and record.outcome == "done" and not record.dry_run
    assert record.record == {"BillBeeOrderId": order_id, "OrderNumber": order.order_number}
    assert record.before is not None and record.before["State"] == 3
    assert record.after == {"State": 4} and record.attempts == 1
    assert record.tool_call_id == f"call-{STATE}-0" and record.run_id is not None


def test_an_edit_runs_without_a_second_pause_and_says_what_ran(
    sandbox: BillbeeSandbox, tmp_path: Path
) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    toolkit = BillbeeToolkit(api_wrapper=api, audit_log=tmp_path / "audit.jsonl")
    agent = agent_for(toolkit, order_id)
    config: Any = {"configurable": {"thread_id": "edit"}}
    agent.invoke({"messages": [HumanMessage("Mark it shipped.")]}, config)
    edited = {"order_id": order_id, "new_state_id": 7}
    # What a review UI shows before it sends the edit: the same preview, for the new args.
    assert ": state 3 Zahlung_erhalten (paid) → 7 Abgeschlossen (closed)" in toolkit.preview(
        STATE, edited
    )
    decision = {"type": "edit", "edited_action": {"name": STATE, "args": edited}}

    resumed = agent.invoke(Command(resume={"decisions": [decision]}), config)

    assert "__interrupt__" not in resumed  # the middleware does not ask again after an edit
    (result,) = [m for m in resumed["messages"] if isinstance(m, ToolMessage)]
    assert "state set to 7 Abgeschlossen (closed) (it was 3 Zahlung_erhalten (paid)" in str(
        result.content
    )
    assert api.get_order(order_id).state == 7
    (record,) = read_audit_log(tmp_path / "audit.jsonl")
    assert record.after == {"State": 7} and record.tool_call_id == f"call-{STATE}-0"


def test_a_failed_preview_read_says_so_and_still_asks(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None, max_retries=0)
    order_id = paid_order_id(api)
    agent = agent_for(BillbeeToolkit(api_wrapper=api), order_id)
    sandbox.faults.add("503", path=f"/orders/{order_id}", count=1)

    paused = agent.invoke(
        {"messages": [HumanMessage("Mark it shipped.")]}, {"configurable": {"thread_id": "f"}}
    )

    (request,) = paused["__interrupt__"][0].value["action_requests"]
    assert "Could not read the order first (BillbeeServerError, HTTP 503)" in request["description"]
    assert api.get_order(order_id).state == 3


def dry_and_real(sandbox: BillbeeSandbox, tmp_path: Path) -> tuple[BillbeeToolkit, Any]:
    api: BillbeeAPIWrapper = sandbox.api_wrapper(requests_per_second=None)
    dry = BillbeeToolkit(api_wrapper=api, dry_run=True, audit_log=tmp_path / "audit.jsonl")
    real = BillbeeToolkit(api_wrapper=api, audit_log=tmp_path / "audit.jsonl")
    assert not api.dry_run  # the dry toolkit works on a copy
    return dry, {tool.name: tool for tool in real.get_tools()}


def test_a_dry_run_sends_no_write_and_forecasts_the_real_change(
    sandbox: BillbeeSandbox, tmp_path: Path
) -> None:
    dry, real_tools = dry_and_real(sandbox, tmp_path)
    dry_tools = {tool.name: tool for tool in dry.get_tools()}
    order_id = paid_order_id(real_tools["billbee_get_order"].api_wrapper)
    state_args = {"order_id": order_id, "new_state_id": 4}
    stock_args = {"sku": "KR-01-500", "new_quantity": 40}
    batch_args = {"items": [{"sku": "KR-02-500", "new_quantity": 7}, stock_args]}
    product = dry.api_wrapper.list_products(page_size=250).items
    old_stock = next(p.stock_current for p in product if p.sku == "KR-01-500")
    sandbox.reset()

    forecasts = [
        dry_tools[name].invoke(tool_call(name, args)).content
        for name, args in ((STATE, state_args), (STOCK, stock_args), (STOCK, batch_args))
    ]

    assert writes_sent(sandbox) == []  # the request log: reads only
    assert forecasts[0].startswith(
        f"DRY RUN — would set Order {dry.api_wrapper.get_order(order_id).order_number} "
        f"(BillBeeOrderId {order_id}) from 3 Zahlung_erhalten (paid) to 4 Versendet (shipped); "
        "nothing was sent to Billbee."
    )
    old = f"{old_stock.normalize():f}"
    assert forecasts[1].startswith(
        f"DRY RUN — would set the stock of SKU KR-01-500 from {old} to 40"
    )
    assert forecasts[2].startswith(
        "DRY RUN — would set the stock of 2 product(s); nothing was sent"
    )
    assert f"- SKU KR-01-500: would set stock {old} → 40" in forecasts[2]
    assert sandbox.state.get_order(order_id)["State"] == 3

    state_done = real_tools[STATE].invoke(tool_call(STATE, state_args)).content
    stock_done = real_tools[STOCK].invoke(tool_call(STOCK, stock_args)).content
    # The real run changes exactly what the dry run said it would.
    assert f"state set to 4 Versendet (shipped) (it was {describe_state(3)}" in state_done
    assert stock_done.startswith(f"SKU KR-01-500: stock {old} → 40")
    records = list(read_audit_log(tmp_path / "audit.jsonl"))
    assert [(r.dry_run, r.outcome) for r in records] == [
        (True, "not_sent"), (True, "not_sent"), (True, "not_sent"), (True, "not_sent"),
        (False, "done"), (False, "done"),
    ]  # fmt: skip
    dry_state, real_state = records[0], records[4]
    assert (dry_state.before or {})["State"] == (real_state.before or {})["State"] == 3
    assert dry_state.after == real_state.after == {"State": 4}
    dry_stock, real_stock = records[1], records[5]
    assert dry_stock.before == real_stock.before
    assert number(dry_stock.after) == number(real_stock.after) == Decimal(40)


def test_expected_quantity_that_no_longer_holds_writes_nothing(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    tool = {t.name: t for t in BillbeeToolkit(api_wrapper=api).get_tools()}[STOCK]
    current = sandbox.state.get_product("KR-01-500", "sku")["StockCurrent"]
    sandbox.reset()
    wrong = current + 1

    answer = tool.invoke(
        tool_call(STOCK, {"sku": "KR-01-500", "new_quantity": 40, "expected_quantity": wrong})
    )

    shown = f"{current.normalize():f}"
    assert f"stock is {shown} now, not {wrong.normalize():f} as expected; nothing written" in str(
        answer.content
    )
    assert writes_sent(sandbox) == []
    assert json.loads(json.dumps(answer.artifact))["Data"]["Written"] is False


def test_a_stock_take_is_batched_with_one_result_per_item(
    sandbox: BillbeeSandbox, tmp_path: Path
) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    toolkit = BillbeeToolkit(api_wrapper=api, audit_log=tmp_path / "audit.jsonl")
    tool = {t.name: t for t in toolkit.get_tools()}[STOCK]
    skus = [p.sku for p in api.list_products(page_size=250).items][:50]
    items = [{"sku": sku, "new_quantity": 7} for sku in skus]
    items.insert(3, {"sku": "NO-SUCH-SKU", "new_quantity": 1})
    sandbox.reset()

    answer = tool.invoke(tool_call(STOCK, {"items": items, "reason": "Inventur"}))

    assert sent(sandbox) == [("POST", "/products/updatestockmultiple")] * 2  # 51 items, 50 each
    lines = str(answer.content).splitlines()
    assert lines[0] == "Stock of 51 product(s): 50 set, 1 not set."
    assert lines[1].startswith("- SKU NO-SUCH-SKU: NOT SET (Billbee refused it: ")
    assert all(sandbox.state.get_product(sku, "sku")["StockCurrent"] == 7 for sku in skus)
    records = list(read_audit_log(tmp_path / "audit.jsonl"))
    assert len(records) == 51 and len({(r.batch or {}).get("id") for r in records}) == 1
    assert [r.outcome for r in records].count("refused") == 1
    assert records[3].record["SKU"] == "NO-SUCH-SKU" and records[3].outcome == "refused"


def test_per_call_mode_shows_the_preview_and_reads_once(sandbox: BillbeeSandbox) -> None:
    api = sandbox.api_wrapper(requests_per_second=None)
    order_id = paid_order_id(api)
    toolkit = BillbeeToolkit(api_wrapper=api)
    middleware = HumanInTheLoopMiddleware(
        interrupt_on=dict(toolkit.interrupt_on()), interrupt_mode="per_call"
    )
    agent = create_agent(
        model(calls((STATE, {"order_id": order_id, "new_state_id": 4})), AIMessage("Done.")),
        tools=toolkit.get_tools(),
        middleware=[middleware],
        checkpointer=InMemorySaver(),
    )
    config: Any = {"configurable": {"thread_id": "per-call"}}
    sandbox.reset()

    paused = agent.invoke({"messages": [HumanMessage("Mark it shipped.")]}, config, version="v2")

    (pending,) = paused.interrupts
    assert pending.value["type"] == "tool_approval"
    assert (
        ": state 3 Zahlung_erhalten (paid) → 4 Versendet (shipped)" in pending.value["description"]
    )
    agent.invoke(Command(resume={pending.id: {"type": "approve"}}), config, version="v2")
    # The resumed call asks for the description again; it is served without a second read.
    assert sent(sandbox) == [
        ("GET", f"/orders/{order_id}"),
        ("PUT", f"/orders/{order_id}/orderstate"),
    ]
