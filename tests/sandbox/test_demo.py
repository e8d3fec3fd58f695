"""``langchain-billbee demo`` end to end: the scripted agent against a running sandbox.

The demo runs once per module, throttle on as users see it (a few seconds of 0.52 s spacing;
the sandbox's window is shortened by the test machine's scheduling jitter, see
``tests.helpers.SCHEDULING_JITTER_S``, and a run with a refusal during a stall of the machine is
run again); the tests read its transcript and the sandbox's state afterwards.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable

from langchain_billbee.demo import DemoOptions, DemoReport, run_demo
from langchain_billbee.demo.plans import NOT_SHIPPED_STATES, RECENT_DAYS
from langchain_billbee.demo.tasks import UNSHIPPED_PROMPT
from langchain_billbee.order_states import describe_state
from langchain_billbee.sandbox import ANCHOR, BillbeeSandbox
from langchain_billbee.sandbox.data import generate
from langchain_billbee.sandbox.throttle import SlidingWindow
from tests.helpers import SCHEDULING_JITTER_S, judged_on_time, no_gc_pauses
from tests.sandbox._cli import export_sandbox_credentials

SEED = 42


@dataclass(frozen=True)
class DemoRun:
    sandbox: BillbeeSandbox
    report: DemoReport
    text: str


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoRun]:
    started: list[BillbeeSandbox] = []

    def scenario() -> DemoRun:
        sandbox = BillbeeSandbox(seed=SEED, throttle=True).start()
        started.append(sandbox)
        # The sandbox shares this process with the agent: it may count a request late.
        sandbox.throttle.general = SlidingWindow(2, 1.0 - SCHEDULING_JITTER_S, time.monotonic)
        out = StringIO()
        with no_gc_pauses():
            report = run_demo(DemoOptions(seed=SEED), out, sandbox=sandbox)
        return DemoRun(sandbox, report, out.getvalue())

    try:
        yield judged_on_time(scenario, refused=lambda run: run.sandbox.stats.throttled > 0)
    finally:
        for sandbox in started:
            sandbox.stop()


def original_state(order_id: int) -> int:
    """An order's state in freshly generated data, before the demo's writes."""
    return next(o["State"] for o in generate(SEED).orders if o["BillBeeOrderId"] == order_id)


def test_demo_succeeds_and_runs_the_three_tasks(demo: DemoRun) -> None:
    assert demo.report.exit_code == 0
    for heading in ("Task 1:", "Task 2a:", "Task 2b:", "Task 3:"):
        assert heading in demo.text
    assert f"User: {UNSHIPPED_PROMPT}" in demo.text
    assert demo.text.count("and mark it paid.") == 2
    assert "and summarize their recent orders." in demo.text
    assert demo.text.count("Answer:") == 4


def test_demo_says_the_plan_is_scripted_and_the_calls_real(demo: DemoRun) -> None:
    assert "Planner: scripted." in demo.text
    assert "the Billbee requests and their results are real" in demo.text
    assert '-> tool call: billbee_summarize_orders(group_by=["state", "shop"]' in demo.text
    assert "-> tool call: billbee_list_orders(" in demo.text
    assert "-> tool call: billbee_list_customers(search=" in demo.text


def test_unshipped_summary_matches_the_sandbox_data(demo: DemoRun) -> None:
    since = ANCHOR.date() - timedelta(days=RECENT_DAYS)
    open_orders = [
        o
        for o in generate(SEED).orders
        if o["CreatedAt"].date() >= since and o["State"] in NOT_SHIPPED_STATES
    ]
    assert f"{len(open_orders)} orders placed in the last {RECENT_DAYS} days" in demo.text
    for state, count in Counter(o["State"] for o in open_orders).items():
        label = describe_state(state)
        assert f"  - {label}: {count} order{'s' if count > 1 else ''}, " in demo.text
    assert "(counted exactly by billbee_summarize_orders)" in demo.text


def test_task_2_names_an_order_number_that_task_1_printed(demo: DemoRun) -> None:
    task1, _, rest = demo.text.partition("Task 2a:")
    asked = re.search(r"User: Look up order (\S+) and mark it paid\.", rest)
    assert asked is not None
    number = asked.group(1)
    assert f"  - order {number} (" in task1  # as printed in task 1's answer
    assert f'-> tool call: billbee_get_order(order_number="{number}")' in rest
    order = next(o for o in generate(SEED).orders if o["OrderNumber"] == number)
    assert demo.report.approved == [order["BillBeeOrderId"]]  # written by the id it looked up


def test_summary_progress_is_shown_while_it_runs(demo: DemoRun) -> None:
    summarize = demo.text.index("-> tool call: billbee_summarize_orders(")
    progress = demo.text.index(".. read ", summarize)
    assert progress < demo.text.index("<- order summary by state and shop", summarize)


def test_result_lines_are_cut_between_columns(demo: DemoRun) -> None:
    cut = [line for line in demo.text.splitlines() if line.endswith("…") and " | " in line]
    assert cut and all(line.endswith(" | …") for line in cut)


def test_one_write_approved_and_applied(demo: DemoRun) -> None:
    assert demo.text.count("Decision (scripted for this demo): APPROVE") == 1
    [approved] = demo.report.approved
    assert original_state(approved) != 3
    assert demo.sandbox.state.get_order(approved)["State"] == 3
    assert f"Done: order {approved}" in demo.text


def test_one_write_rejected_and_not_applied(demo: DemoRun) -> None:
    assert demo.text.count("Decision (scripted for this demo): REJECT") == 1
    [rejected] = demo.report.rejected
    assert demo.sandbox.state.get_order(rejected)["State"] == original_state(rejected) != 3
    assert f"I did not change order {rejected}: the reviewer rejected the change" in demo.text


def test_request_count_is_reported_and_true(demo: DemoRun) -> None:
    match = re.search(r"(\d+) request\(s\) to Billbee, [\d.]+ s inside HTTP calls", demo.text)
    assert match is not None
    assert int(match.group(1)) == demo.report.requests == demo.sandbox.stats.requests > 0
    assert "of which 0 it refused for coming too fast" in demo.text


def test_no_credentials_in_the_transcript(demo: DemoRun) -> None:
    sandbox = demo.sandbox
    for secret in (sandbox.api_password, sandbox.api_key, sandbox.username):
        assert secret not in demo.text


def test_live_mode_is_read_only_without_allow_writes(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sandbox plays the live account: --live only reads BILLBEE_* from the environment.
    export_sandbox_credentials(monkeypatch, sandbox)
    # Named explicitly: "recent" follows the real date in live mode, the sandbox's data does not.
    unpaid = next(o for o in generate(SEED).orders if o["State"] == 2)
    out = StringIO()
    options = DemoOptions(
        live=True, order_id=unpaid["BillBeeOrderId"], customer=generate(SEED).customers[0]["Name"]
    )
    report = run_demo(options, out)
    text = out.getvalue()
    assert report.exit_code == 0
    assert "Read-only: the agent gets only the read tools" in text
    assert "billbee_update_order_state(" not in text
    assert "I cannot mark it paid" in text
    assert report.approved == report.rejected == []
    assert sandbox.state.get_order(unpaid["BillBeeOrderId"])["State"] == 2


class ReplayingModel(GenericFakeChatModel):
    """Stands in for a ``--model`` LLM: replays its messages whatever the tools return."""

    def bind_tools(self, tools: Any, **_: Any) -> Runnable[LanguageModelInput, AIMessage]:
        return self


def test_a_language_model_that_writes_unasked_is_rejected(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaid = next(o["BillBeeOrderId"] for o in generate(SEED).orders if o["State"] == 2)
    write = {"name": "billbee_update_order_state", "args": {"order_id": unpaid, "new_state_id": 3}}
    # Tasks 1, 2a and 3 (no 2b: the model lists no orders to pick a second one from).
    script = [
        message
        for n in range(3)
        for message in (AIMessage("", tool_calls=[{**write, "id": f"w{n}"}]), AIMessage("ok"))
    ]
    model = ReplayingModel(messages=iter(script))
    monkeypatch.setattr("langchain_billbee.demo.runner._language_model", lambda spec: model)
    out = StringIO()
    options = DemoOptions(model="fake:replay", order_id=unpaid, customer="Anna")
    report = run_demo(options, out, sandbox=sandbox)
    assert report.exit_code == 0
    assert "Planner: fake:replay, through LangChain's init_chat_model." in out.getvalue()
    assert report.approved == [unpaid]  # task 2a asked for it
    assert report.rejected == [unpaid, unpaid]  # tasks 1 and 3 did not
    assert out.getvalue().count("This task did not ask for any change in Billbee.") == 2
