"""The scripted planner's decisions: which tool to call next, or what to answer.

A plan is a pure function of the user's request and the tool results so far (the
:class:`Observation` list), which is all an LLM would see too. It knows the three demo tasks
only; anything else gets an answer saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from langchain_billbee.demo.summaries import (
    customer_summary,
    order_brief,
    orders_in,
    search_hits_in,
    summary_in,
    total_rows_of,
    unshipped_summary,
)
from langchain_billbee.order_states import describe_state

__all__ = [
    "NOT_SHIPPED_STATES",
    "Answer",
    "Observation",
    "Request",
    "Step",
    "ToolStep",
    "next_step",
    "parse_request",
]

LIST_ORDERS = "billbee_list_orders"
SUMMARIZE_ORDERS = "billbee_summarize_orders"
GET_ORDER = "billbee_get_order"
UPDATE_STATE = "billbee_update_order_state"
LIST_CUSTOMERS = "billbee_list_customers"

PAID = 3
RECENT_DAYS = 30
UNPAID_SHOWN = 10
AWAITING_PAYMENT = (2, 1)  # confirmed, ordered: the orders a seller marks paid
# Open states before shipping: ordered, confirmed, paid, packed, offered, payment reminder,
# in fulfillment. Dunning notices (11, 12) are left out: Billbee sends them for invoices of
# orders that have usually shipped already.
NOT_SHIPPED_STATES = (1, 2, 3, 13, 14, 15, 16)

TaskKind = Literal["unshipped", "set_paid", "customer", "unknown"]


@dataclass(frozen=True)
class Request:
    """What the user asked for, as far as the scripted planner understands it."""

    kind: TaskKind
    order_id: int | None = None
    order_number: str | None = None
    customer: str | None = None


@dataclass(frozen=True)
class Observation:
    """One tool result the planner can read: a ToolMessage plus the call that produced it."""

    tool: str
    args: dict[str, Any]
    content: str
    artifact: Any = None
    ok: bool = True


@dataclass(frozen=True)
class ToolStep:
    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    text: str


Step = ToolStep | Answer

_ORDER_ID = re.compile(r"\border\s+id\s+#?(\d+)", re.IGNORECASE)
# An order number as shops print them: "15-95563-59200", "WS-10412", "#1001", "302-1234567-89".
_ORDER_NUMBER = re.compile(r"\border\s+(?:number\s+|no\.\s*)?#?([A-Za-z0-9][\w./-]*\w)", re.I)
# Billbee's own ids are 15-digit numbers; a shop's all-digit order numbers are shorter.
_BILLBEE_ID = re.compile(r"\d{15,}")
_QUOTED = re.compile(r"[\"“„']([^\"“”„']+)[\"”']")


def parse_request(text: str) -> Request:
    """Recognize one of the three demo tasks in the user's words."""
    lowered = text.casefold()
    if "paid" in lowered:
        by_id = _ORDER_ID.search(text)
        if by_id:
            return Request("set_paid", order_id=int(by_id.group(1)))
        by_number = _ORDER_NUMBER.search(text)
        if by_number and _BILLBEE_ID.fullmatch(by_number.group(1)):
            return Request("set_paid", order_id=int(by_number.group(1)))
        if by_number:
            return Request("set_paid", order_number=by_number.group(1))
    if "customer" in lowered:
        quoted = _QUOTED.search(text)
        return Request("customer", customer=quoted.group(1).strip() if quoted else None)
    if "order" in lowered and ("not yet shipped" in lowered or "unshipped" in lowered):
        return Request("unshipped")
    return Request("unknown")


def next_step(
    request: Request, seen: list[Observation], *, today: date, tools: frozenset[str]
) -> Step:
    """The planner's next move for ``request`` after the observations ``seen``."""
    if request.kind == "unshipped":
        return _unshipped(seen, today)
    if request.kind == "set_paid" and (request.order_id or request.order_number):
        return _set_paid(request, seen, can_write=UPDATE_STATE in tools)
    if request.kind == "customer":
        return _customer(request.customer, seen)
    return Answer(
        "The scripted planner only knows the three demo tasks. Run the demo with "
        "--model provider:model to let a language model plan free-form requests."
    )


def _failed(seen: list[Observation], what: str) -> Answer | None:
    last = seen[-1] if seen else None
    if last is not None and not last.ok:
        return Answer(f"I could not {what}. Billbee's tool said: {last.content}")
    return None


def _unshipped(seen: list[Observation], today: date) -> Step:
    """Counted by billbee_summarize_orders, then the unpaid ones listed by their numbers."""
    since = today - timedelta(days=RECENT_DAYS)
    failure = _failed(seen, "summarize the orders")
    if failure is not None:
        return failure
    recent: dict[str, Any] = {"min_order_date": since.isoformat()}
    if not seen:
        args: dict[str, Any] = {
            "group_by": ["state", "shop"],
            **recent,
            "order_state_ids": list(NOT_SHIPPED_STATES),
        }
        return ToolStep(SUMMARIZE_ORDERS, args)
    if len(seen) == 1:
        args = {**recent, "order_state_ids": list(AWAITING_PAYMENT), "page_size": UNPAID_SHOWN}
        return ToolStep(LIST_ORDERS, args)
    summary = summary_in(seen[0].artifact)
    if summary is None:
        return Answer("billbee_summarize_orders returned no summary I can read.")
    unpaid = orders_in(seen[1].artifact)
    total_unpaid = total_rows_of(seen[1].artifact, len(unpaid))
    return Answer(unshipped_summary(summary, unpaid, total_unpaid, since=since, days=RECENT_DAYS))


def _set_paid(request: Request, seen: list[Observation], *, can_write: bool) -> Step:
    named = f"order {request.order_number or request.order_id}"
    if not seen:
        return ToolStep(GET_ORDER, _lookup_args(request))
    last = seen[-1]
    lookups = [o for o in seen if o.tool == GET_ORDER and o.ok]
    found_before = orders_in(lookups[0].artifact) if lookups else []
    if last.tool == UPDATE_STATE and last.ok and found_before:
        # Read the order back: the answer then reports Billbee's state, not our intention.
        return ToolStep(GET_ORDER, {"order_id": found_before[0].bill_bee_order_id})
    if last.tool == UPDATE_STATE:
        stays = f" It stays {describe_state(found_before[0].state)}." if found_before else ""
        return Answer(
            f"I did not change {_named(found_before, named)}: {_why_not(last.content)}.{stays}"
        )
    if last.tool == LIST_ORDERS:
        return Answer(_not_found_answer(request, last))
    if not last.ok and request.order_number and len(seen) == 1:
        # An unknown number: Billbee's search also matches partial numbers and invoice numbers.
        return ToolStep(LIST_ORDERS, {"search": request.order_number, "page_size": 5})
    failure = _failed(seen, f"look up {named}")
    found = orders_in(last.artifact)
    if failure is not None or not found:
        return failure or Answer(f"Billbee returned no {named}.")
    order = found[0]
    if any(o.tool == UPDATE_STATE for o in seen):
        return Answer(f"Done: {order_brief(order)} is now {describe_state(order.state)}.")
    if order.state == PAID:
        return Answer(f"{_capital(order_brief(order))} is already paid; nothing to change.")
    if not can_write:
        return Answer(
            f"{_capital(order_brief(order))} is {describe_state(order.state)}. I cannot mark it "
            "paid: this agent has read-only Billbee tools (the demo adds the write tools with "
            "--allow-writes)."
        )
    # Writes take the BillBeeOrderId the lookup returned: a write names exactly one record.
    return ToolStep(UPDATE_STATE, {"order_id": order.bill_bee_order_id, "new_state_id": PAID})


def _lookup_args(request: Request) -> dict[str, Any]:
    if request.order_number is not None:
        return {"order_number": request.order_number}
    return {"order_id": request.order_id}


def _named(found: list[Any], fallback: str) -> str:
    return f"order {found[0].bill_bee_order_id}" if found else fallback


def _not_found_answer(request: Request, searched: Observation) -> str:
    number = request.order_number
    hits = searched.artifact.get("Data") if isinstance(searched.artifact, dict) else None
    if not searched.ok or not hits:
        return f"Billbee has no order with the number {number!r}, and a search found none either."
    listed = "; ".join(
        f"{h.get('ExternalReference') or '-'} (BillBeeOrderId {h.get('Id')})"
        for h in hits[:5]
        if isinstance(h, dict)
    )
    return (
        f"Billbee has no order with exactly the number {number!r}. A search found: {listed}. "
        "Which one do you mean? I change nothing until you say."
    )


def _customer(term: str | None, seen: list[Observation]) -> Step:
    if not term:
        return Answer('Which customer? Name them in quotes, e.g. customer "Anna Weber".')
    if not seen:
        return ToolStep(LIST_CUSTOMERS, {"search": term})
    failure = _failed(seen, f"find the customer {term!r} or their orders")
    if failure is not None:
        return failure
    hits = search_hits_in(seen[0].artifact)
    if not hits:
        return Answer(f"No Billbee customer matches {term!r}.")
    # Prefer an exact name match: a search for "Anna Weber" may also find "Anna Webers GmbH".
    hit = next((h for h in hits if (h.name or "").casefold() == term.casefold()), hits[0])
    if len(seen) == 1:
        return ToolStep(LIST_ORDERS, {"customer_id": hit.id, "page_size": 50})
    orders = orders_in(seen[-1].artifact)
    return Answer(customer_summary(hit, orders, total_rows_of(seen[-1].artifact, len(orders))))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_REJECTED = re.compile(r"rejected the tool call.*?with reason:\s*(.+)", re.IGNORECASE | re.DOTALL)


def _why_not(content: str) -> str:
    """A failed or rejected write, in a few words (a reviewer's reason when there is one)."""
    rejected = _REJECTED.search(content)
    if rejected:
        return f'the reviewer rejected the change ("{rejected.group(1).strip().rstrip(".")}")'
    if "rejected" in content.casefold():
        return "the reviewer rejected the change"
    lines = content.strip().splitlines()
    return f"Billbee's tool said: {lines[0]}" if lines else "the change failed"
