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
    paging_of,
    search_hits_in,
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
GET_ORDER = "billbee_get_order"
UPDATE_STATE = "billbee_update_order_state"
LIST_CUSTOMERS = "billbee_list_customers"

PAID = 3
RECENT_DAYS = 30
PAGE_SIZE = 100
MAX_PAGES = 3  # a few hundred open orders are enough for a summary; keeps requests modest
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

_ORDER_ID = re.compile(r"\border\s+(?:id\s+)?#?(\d+)", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“„']([^\"“”„']+)[\"”']")


def parse_request(text: str) -> Request:
    """Recognize one of the three demo tasks in the user's words."""
    lowered = text.casefold()
    order = _ORDER_ID.search(text)
    if order and "paid" in lowered:
        return Request("set_paid", order_id=int(order.group(1)))
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
    if request.kind == "set_paid" and request.order_id is not None:
        return _set_paid(request.order_id, seen, can_write=UPDATE_STATE in tools)
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
    since = today - timedelta(days=RECENT_DAYS)
    failure = _failed(seen, "list the orders")
    if failure is not None:
        return failure
    pages = [o for o in seen if o.tool == LIST_ORDERS]
    page, total_pages = paging_of(pages[-1].artifact) if pages else (0, 1)
    if not pages or (page < total_pages and len(pages) < MAX_PAGES):
        args: dict[str, Any] = {
            "min_order_date": since.isoformat(),
            "order_state_ids": list(NOT_SHIPPED_STATES),
            "page_size": PAGE_SIZE,
        }
        return ToolStep(LIST_ORDERS, {**args, "page": page + 1} if pages else args)
    orders = [order for p in pages for order in orders_in(p.artifact)]
    total = total_rows_of(pages[-1].artifact, len(orders))
    return Answer(unshipped_summary(orders, since=since, days=RECENT_DAYS, total_rows=total))


def _set_paid(order_id: int, seen: list[Observation], *, can_write: bool) -> Step:
    if not seen:
        return ToolStep(GET_ORDER, {"order_id": order_id})
    last = seen[-1]
    lookups = [o for o in seen if o.tool == GET_ORDER and o.ok]
    if last.tool == UPDATE_STATE and last.ok:
        # Read the order back: the answer then reports Billbee's state, not our intention.
        return ToolStep(GET_ORDER, {"order_id": order_id})
    if last.tool == UPDATE_STATE:
        before = orders_in(lookups[-1].artifact) if lookups else []
        stays = f" It stays {describe_state(before[0].state)}." if before else ""
        return Answer(f"I did not change order {order_id}: {_why_not(last.content)}.{stays}")
    failure = _failed(seen, f"look up order {order_id}")
    found = orders_in(last.artifact)
    if failure is not None or not found:
        return failure or Answer(f"Billbee returned no order {order_id}.")
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
    return ToolStep(UPDATE_STATE, {"order_id": order_id, "new_state_id": PAID})


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
