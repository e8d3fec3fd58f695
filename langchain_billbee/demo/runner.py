"""``langchain-billbee demo``: the three tasks end to end, against the sandbox or a live account."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeConfigurationError, BillbeeError
from langchain_billbee.demo import intro
from langchain_billbee.demo.agent import Agent, build_agent, run_task
from langchain_billbee.demo.approval import Mode, Reviewer
from langchain_billbee.demo.scripted_model import ScriptedBillbeeModel
from langchain_billbee.demo.tasks import (
    OrderRef,
    Task,
    customer_task,
    paid_task,
    pick_customer,
    pick_unpaid,
    unshipped_task,
)
from langchain_billbee.demo.transcript import Transcript
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import BillbeeToolkit

__all__ = ["DemoOptions", "DemoReport", "run_demo"]


@dataclass(frozen=True)
class DemoOptions:
    """The demo's command-line options."""

    model: str | None = None
    """``provider:model`` for ``init_chat_model``; ``None`` = the scripted planner."""
    live: bool = False
    allow_writes: bool = False
    dry_run: bool = False
    """Writes are dry runs: read and reported, never sent (the toolkit's ``dry_run``)."""
    interactive: bool = False
    order_number: str | None = None
    """Task 2's order by the shop's order number (``--order-number``)."""
    order_id: int | None = None
    """Task 2's order by its BillBeeOrderId (``--order-id``), for orders without a number."""
    customer: str | None = None
    seed: int = 42


@dataclass
class DemoReport:
    """What happened, for the exit code and for tests."""

    exit_code: int = 0
    approved: list[int] = field(default_factory=list)
    """Orders whose state change a reviewer approved."""
    rejected: list[int] = field(default_factory=list)
    requests: int = 0


@dataclass(frozen=True)
class Setting:
    """Where the tools send their requests, and the date that makes orders "recent"."""

    api: BillbeeAPIWrapper
    today: date
    sandbox: BillbeeSandbox | None


class DemoFailure(Exception):
    """A problem the user can fix (credentials, model name); its text says how."""


def run_demo(
    options: DemoOptions,
    out: TextIO | None = None,
    *,
    sandbox: BillbeeSandbox | None = None,
    ask: Callable[[str], str] = input,
) -> DemoReport:
    """Run the demo, writing the transcript to ``out`` (stdout by default).

    ``sandbox``: use this running sandbox instead of starting one (tests inspect it afterwards).
    ``ask``: how interactive approval reads an answer.
    """
    transcript = Transcript(out or sys.stdout)
    report = DemoReport()
    try:
        llm = _language_model(options.model)  # a bad --model fails before anything starts
        with _setting(options, sandbox) as setting:
            # The script needs the date that makes the data "recent".
            model = llm or ScriptedBillbeeModel(today=setting.today)
            reviewer = Reviewer(_review_mode(options), ask)
            _run(options, setting, model, transcript, reviewer, report)
    except DemoFailure as err:
        print(f"error: {err}", file=sys.stderr)
        report.exit_code = 2
    except BillbeeError as err:  # outside a tool call, e.g. the sandbox refused to start
        print(f"error: Billbee request failed: {err}", file=sys.stderr)
        report.exit_code = 1
    except Exception as err:
        # A language model's provider fails in many ways (key, quota, network) that the user
        # fixes outside this program; the scripted path has none, so its errors stay loud.
        if options.model is None:
            raise
        print(f"error: the run with --model {options.model} failed: {err!r}", file=sys.stderr)
        report.exit_code = 1
    return report


@contextmanager
def _setting(options: DemoOptions, sandbox: BillbeeSandbox | None) -> Iterator[Setting]:
    if options.live:
        try:
            api = BillbeeAPIWrapper()  # reads BILLBEE_*
        except BillbeeConfigurationError as err:
            raise DemoFailure(f"--live needs a Billbee account. {err}") from err
        yield Setting(api, date.today(), None)
        return
    if sandbox is not None:
        yield Setting(sandbox.api_wrapper(), _sandbox_today(sandbox), sandbox)
        return
    # Throttle on: the demo shows Billbee's real pace (two requests per second).
    with BillbeeSandbox(seed=options.seed, throttle=True) as started:
        yield Setting(started.api_wrapper(), _sandbox_today(started), started)


def _sandbox_today(sandbox: BillbeeSandbox) -> date:
    # The sandbox's data is anchored at a fixed "now"; the real date would make it all old.
    return sandbox.state.anchor.date()


def _review_mode(options: DemoOptions) -> Mode:
    if options.interactive and sys.stdin.isatty():
        return "interactive"
    # Nobody approves writes to a real account on their behalf: without a terminal, refuse.
    # A dry run writes nothing, so its scripted approvals risk nothing either.
    return "reject" if options.live and not options.dry_run else "scripted"


def _language_model(spec: str | None) -> BaseChatModel | None:
    if spec is None:
        return None
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(spec)
    except (ImportError, ValueError) as err:
        raise DemoFailure(f"cannot use --model {spec!r}: {err}") from err


def _run(
    options: DemoOptions,
    setting: Setting,
    model: BaseChatModel,
    transcript: Transcript,
    reviewer: Reviewer,
    report: DemoReport,
) -> None:
    read_only = options.live and not (options.allow_writes or options.dry_run)
    toolkit = BillbeeToolkit(api_wrapper=setting.api, read_only=read_only, dry_run=options.dry_run)
    agent = build_agent(model, toolkit, setting.today)
    intro.explain(transcript, options, setting.api.base_url, setting.sandbox is not None)
    intro.explain_reviews(transcript, reviewer.mode, read_only, options.interactive)
    setting.api.stats.reset()
    started = time.monotonic()
    runner = _TaskRunner(agent, reviewer, transcript, setting.api)
    first = runner.run(unshipped_task())
    for task in _payment_tasks(options, first, reviewer.mode, transcript):
        runner.run(task)
    customer = options.customer or pick_customer(first)
    if customer is None:
        transcript.note("Task 3 skipped: no customer found in task 1's orders; pass --customer.")
    else:
        runner.run(customer_task(customer))
    report.requests = setting.api.stats.requests
    _record_decisions(reviewer, report)
    intro.summary(transcript, setting.api, setting.sandbox, time.monotonic() - started)


def _payment_tasks(
    options: DemoOptions, first: list[BaseMessage], mode: Mode, transcript: Transcript
) -> list[Task]:
    """Task 2 on orders task 1 found unpaid: approved once, rejected once (sandbox only)."""
    candidates = pick_unpaid(first)
    given: OrderRef | None = options.order_number or options.order_id
    chosen = given or (candidates[0] if candidates else None)
    if chosen is None:
        transcript.note("Task 2 skipped: task 1 listed no unpaid order; pass --order-number.")
        return []
    if options.live and options.dry_run:  # one order; the approved write is only shown
        return [paid_task("2", chosen, "approve", "Mark an order paid (dry run: nothing is sent)")]
    if options.live:  # one real order at most, and only a person can approve the write
        note = "a person must approve the write" if options.allow_writes else "read-only"
        return [paid_task("2", chosen, None, f"Mark an order paid ({note})")]
    scripted = mode == "scripted"
    tasks = [paid_task("2a", chosen, "approve", _paid_title("approves", scripted))]
    others = [c for c in candidates if c != chosen]
    if others:
        tasks.append(paid_task("2b", others[0], "reject", _paid_title("rejects", scripted)))
    return tasks


def _paid_title(verdict: str, scripted: bool) -> str:
    who = f"the reviewer {verdict} the write" if scripted else "you approve or reject the write"
    return f"Mark an order paid ({who})"


def _record_decisions(reviewer: Reviewer, report: DemoReport) -> None:
    for verdict, name, args in reviewer.log:
        if name == "billbee_update_order_state" and isinstance(args.get("order_id"), int):
            (report.approved if verdict == "approve" else report.rejected).append(args["order_id"])


@dataclass
class _TaskRunner:
    agent: Agent
    reviewer: Reviewer
    transcript: Transcript
    api: BillbeeAPIWrapper

    def run(self, task: Task) -> list[BaseMessage]:
        self.transcript.heading(f"Task {task.label}: {task.title}")
        self.transcript.user(task.prompt)
        before, seconds = self.api.stats.requests, self.api.stats.seconds
        messages = run_task(self.agent, task, self.reviewer, self.transcript)
        used = self.api.stats.requests - before
        took = self.api.stats.seconds - seconds
        self.transcript.note(f"({used} Billbee request(s), {took:.2f} s inside HTTP)")
        return messages
