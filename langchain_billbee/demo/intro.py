"""The demo's explanations: what Billbee is, where the data comes from, who plans, the costs.

Written for someone who has never seen Billbee: a few plain sentences before the tasks, the
request count and time after them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._throttle import SAFETY_MARGIN_S
from langchain_billbee.demo.transcript import Transcript
from langchain_billbee.tools import BILLBEE_TOOLS

if TYPE_CHECKING:
    from langchain_billbee.demo.approval import Mode
    from langchain_billbee.demo.runner import DemoOptions
    from langchain_billbee.sandbox import BillbeeSandbox

__all__ = ["explain", "explain_reviews", "summary"]

_READS = sum(tool.access == "read" for tool in BILLBEE_TOOLS)
BILLBEE = (
    "Billbee is an order-management system for online sellers: it collects the orders from a "
    "seller's own web shop and marketplaces such as Amazon and eBay in one place, where they "
    "are paid, packed, invoiced and shipped. langchain-billbee gives a LangChain agent tools "
    f"for Billbee's REST API: {len(BILLBEE_TOOLS)} tools, {_READS} that read and "
    f"{len(BILLBEE_TOOLS) - _READS} that write."
)
SANDBOX = (
    "Data: the Billbee sandbox, a stand-in for Billbee's REST API running on this machine at "
    "{url}, with invented data: a small coffee roastery selling through its web shop, Amazon "
    "and eBay. It answers like Billbee, including the limit of two requests per second, so "
    "every request below is real HTTP. Nothing leaves this machine."
)
LIVE = (
    "Data: your Billbee account at {url} (credentials from the BILLBEE_* environment "
    "variables). {access}"
)
READ_ONLY = (
    "Read-only: the agent gets only the read tools, so it cannot change anything. "
    "Add --allow-writes to give it the write tools (each write then waits for your approval)."
)
WRITES = (
    "Writes allowed: each one waits for approval at the terminal, and is rejected when no one "
    "is there to approve it."
)
DRY_RUN = (
    "Dry run: the agent gets the write tools, but each write only reads the record and says "
    "what it would change (DRY RUN — would set …); nothing is sent to Billbee."
)
SCRIPTED = (
    "Planner: scripted. No language model is configured (--model provider:model adds one), "
    "so a deterministic stand-in decides which tool to call next by reading the tool results, "
    "as a model would. The tool calls, the Billbee requests and their results are real; the "
    "answers are computed from the data the tools returned."
)
MODEL = "Planner: {model}, through LangChain's init_chat_model. It decides every tool call."
REVIEWS = {
    "scripted": (
        "Writes wait for a person: the agent pauses before changing an order's state "
        "(HumanInTheLoopMiddleware). The decisions below are scripted for this demo, to show "
        "both paths: one write approved, one rejected. --interactive lets you decide instead."
    ),
    "interactive": (
        "Writes wait for you: the agent pauses before changing an order's state "
        "(HumanInTheLoopMiddleware) and asks at this terminal."
    ),
    "reject": "Writes are rejected automatically: there is no terminal to ask for approval.",
}


def explain(transcript: Transcript, options: DemoOptions, base_url: str, is_sandbox: bool) -> None:
    transcript.title("langchain-billbee demo")
    transcript.paragraph(BILLBEE)
    transcript.line()
    if is_sandbox:
        transcript.paragraph(SANDBOX.format(url=base_url))
        if options.dry_run:
            transcript.paragraph(DRY_RUN)
    else:
        access = DRY_RUN if options.dry_run else WRITES if options.allow_writes else READ_ONLY
        transcript.paragraph(LIVE.format(url=base_url, access=access))
    transcript.line()
    planner = SCRIPTED if options.model is None else MODEL.format(model=options.model)
    transcript.paragraph(planner)
    transcript.line()
    transcript.paragraph(
        "Below: each task as the user asks it, the agent's tool calls with their arguments "
        "(->), the first lines of what each tool returned (<-), and the agent's answer."
    )


def explain_reviews(
    transcript: Transcript, mode: Mode, read_only: bool, wanted_interactive: bool
) -> None:
    if read_only:
        return
    transcript.line()
    transcript.paragraph(REVIEWS[mode])
    if wanted_interactive and mode != "interactive":
        transcript.paragraph("(--interactive needs a terminal on stdin; there is none here.)")


def summary(
    transcript: Transcript,
    api: BillbeeAPIWrapper,
    sandbox: BillbeeSandbox | None,
    wall_seconds: float,
) -> None:
    stats = api.stats
    transcript.heading("Billbee requests")
    transcript.line(
        f"{stats.requests} request(s) to Billbee, {stats.seconds:.2f} s inside HTTP calls; "
        f"{wall_seconds:.1f} s for all tasks.",
        2,
    )
    if api.requests_per_second is not None:
        spacing = 1 / api.requests_per_second + SAFETY_MARGIN_S
        transcript.paragraph(
            f"Most of the wall-clock time is the wrapper spacing requests {spacing:.2f} s apart, "
            "which keeps an account under Billbee's limit of two requests per second however "
            "many tools run.",
            2,
        )
    if stats.retries or stats.rate_limited:
        transcript.line(f"retries: {stats.retries}, HTTP 429 answers: {stats.rate_limited}", 2)
    if sandbox is not None:
        counted = sandbox.stats.as_dict()
        transcript.line(
            f"The sandbox counted {counted['requests']} request(s), of which "
            f"{counted['throttled']} it refused for coming too fast (HTTP 429).",
            2,
        )
