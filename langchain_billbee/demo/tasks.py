"""The demo's three tasks, and how the later ones get their order and customer from real data.

A user names the order to mark paid by its order number (from the shop, the marketplace or the
buyer's e-mail) and the customer by name. The demo names ones the first task actually printed
(orders waiting for payment, their customer), so the prompts fit whatever data the sandbox or a
live account holds. ``--order-number``, ``--order-id`` and ``--customer`` override.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.messages import BaseMessage

from langchain_billbee.demo.approval import Verdict
from langchain_billbee.demo.plans import LIST_ORDERS
from langchain_billbee.demo.scripted_model import observations
from langchain_billbee.demo.summaries import orders_in
from langchain_billbee.models import Order

__all__ = [
    "UNSHIPPED_PROMPT",
    "OrderRef",
    "Task",
    "customer_task",
    "paid_task",
    "pick_customer",
    "pick_unpaid",
]

UNSHIPPED_PROMPT = (
    "List my recent Billbee orders that are not yet shipped and summarize them by state and shop."
)
CONFIRMED, ORDERED = 2, 1


@dataclass(frozen=True)
class Task:
    label: str
    """"1", "2a" ...: shown in the heading and used as the conversation's thread id."""
    title: str
    prompt: str
    planned: Verdict | None = None
    """The scripted human decision for a write this task leads to, if any."""


def unshipped_task() -> Task:
    return Task("1", "Open orders by state and shop", UNSHIPPED_PROMPT)


OrderRef = str | int
"""An order as a task names it: its order number (text) or, without one, its BillBeeOrderId."""


def paid_task(label: str, order: OrderRef, planned: Verdict | None, title: str) -> Task:
    if isinstance(order, int):
        prompt = f"Look up Billbee order id {order} and mark it paid."
    else:
        prompt = f"Look up order {order} and mark it paid."
    return Task(label, title, prompt, planned)


def customer_task(name: str) -> Task:
    prompt = f'Find the Billbee customer "{name}" and summarize their recent orders.'
    return Task("3", "A customer and their recent orders", prompt)


def listed_orders(messages: Sequence[BaseMessage]) -> list[Order]:
    """Every order a ``billbee_list_orders`` call returned in ``messages``."""
    return [
        order
        for seen in observations(messages)
        if seen.tool == LIST_ORDERS and seen.ok
        for order in orders_in(seen.artifact)
    ]


def pick_unpaid(messages: Sequence[BaseMessage]) -> list[OrderRef]:
    """Listed orders still waiting for payment, confirmed ones first, by their order numbers
    (by BillBeeOrderId where an order has none, as manual orders may not).

    "Mark it paid" is what a seller does when a prepayment arrives for a confirmed order, so
    those make the most natural examples.
    """
    orders = listed_orders(messages)
    ranked = [o for o in orders if o.state == CONFIRMED] + [o for o in orders if o.state == ORDERED]
    refs: list[OrderRef] = [o.order_number or o.bill_bee_order_id for o in ranked]
    return list(dict.fromkeys(refs))


def pick_customer(messages: Sequence[BaseMessage]) -> str | None:
    """The name of the customer with the most listed orders (first listed wins a tie)."""
    names = Counter(
        order.customer.name
        for order in listed_orders(messages)
        if order.customer is not None and order.customer.name
    )
    return names.most_common(1)[0][0] if names else None
