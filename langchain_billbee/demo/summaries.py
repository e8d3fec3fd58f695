"""The scripted planner's answers, computed from what the tools really returned.

Every number here comes from the records in the tools' artifacts (Billbee's wire shape, parsed
back into :mod:`langchain_billbee.models`), so the demo's summaries change when the data does.
Only the wording is scripted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from langchain_billbee.models import CustomerSearchResult, Order
from langchain_billbee.order_states import describe_state
from langchain_billbee.summary import OrderSummary

__all__ = [
    "customer_summary",
    "order_brief",
    "orders_in",
    "search_hits_in",
    "shop_of",
    "summary_in",
    "total_rows_of",
    "unshipped_summary",
]

RECENT_SHOWN = 3


def orders_in(artifact: Any) -> list[Order]:
    """The orders of a list or get tool's artifact (``{"Data": [...]}`` or ``{"Data": {...}}``)."""
    data = artifact.get("Data") if isinstance(artifact, dict) else None
    records = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    orders: list[Order] = []
    for record in records:
        try:
            orders.append(Order.model_validate(record))
        except ValidationError:  # a record we cannot read is left out, not fatal to the demo
            continue
    return orders


def search_hits_in(artifact: Any) -> list[CustomerSearchResult]:
    data = artifact.get("Data") if isinstance(artifact, dict) else None
    return [CustomerSearchResult.model_validate(r) for r in data or [] if isinstance(r, dict)]


def summary_in(artifact: Any) -> OrderSummary | None:
    """The :class:`OrderSummary` of a billbee_summarize_orders artifact, if it holds one."""
    data = artifact.get("Data") if isinstance(artifact, dict) else None
    try:
        return OrderSummary.model_validate(data)
    except ValidationError:
        return None


def total_rows_of(artifact: Any, default: int) -> int:
    paging = artifact.get("Paging") if isinstance(artifact, dict) else None
    return int(paging.get("TotalRows") or default) if isinstance(paging, dict) else default


def shop_of(order: Order) -> str:
    name = order.seller.billbee_shop_name if order.seller is not None else None
    extra = (order.model_extra or {}).get("ApiAccountName")
    return name or (str(extra) if extra else "unknown shop")


def orders_count(count: int) -> str:
    return f"{count} order" if count == 1 else f"{count} orders"


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _totals(orders: Iterable[Order]) -> str:
    """Order value per currency: a shop selling abroad may mix EUR with other currencies."""
    sums: defaultdict[str, Decimal] = defaultdict(Decimal)
    for order in orders:
        sums[order.currency or "?"] += order.total_cost or Decimal(0)
    return ", ".join(f"{_amount(total)} {currency}" for currency, total in sorted(sums.items()))


def _day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else "unknown date"


def order_brief(order: Order) -> str:
    """One order in words, e.g. ``order 3000…(WS-10412, Webshop, 2026-11-19, 45.80 EUR)``."""
    number = order.order_number or "no order number"
    total = (
        f"{_amount(order.total_cost)} {order.currency or ''}".strip() if order.total_cost else ""
    )
    details = ", ".join(p for p in (number, shop_of(order), _day(order.created_at), total) if p)
    return f"order {order.bill_bee_order_id} ({details})"


def _money(totals: dict[str, Decimal]) -> str:
    return ", ".join(f"{_amount(total)} {currency}" for currency, total in totals.items()) or "-"


def _marginal(summary: OrderSummary, index: int) -> list[tuple[str, int, dict[str, Decimal]]]:
    """Counts and totals per value of one grouping key: states by id, others largest first."""
    counts: dict[str, int] = {}
    totals: dict[str, dict[str, Decimal]] = {}
    for group in summary.groups:
        value = group.key[index]
        counts[value] = counts.get(value, 0) + group.count
        into = totals.setdefault(value, {})
        for currency, amount in group.totals.items():
            into[currency] = into.get(currency, Decimal(0)) + amount
    if summary.group_by[index] == "state":
        ranked = sorted(counts, key=lambda v: int(v) if v.isdigit() else 0)
    else:
        ranked = sorted(counts, key=lambda v: (-counts[v], v))
    return [(value, counts[value], totals[value]) for value in ranked]


def _state_label(value: str) -> str:
    return describe_state(int(value)) if value.isdigit() else value


def unshipped_summary(
    summary: OrderSummary, unpaid: Sequence[Order], unpaid_total: int, *, since: date, days: int
) -> str:
    """Task 1's answer: the summary tool's exact counts by state and by shop, then the orders
    waiting for payment by their order numbers (what a seller names in the next request)."""
    window = f"in the last {days} days (since {since.isoformat()})"
    count = summary.orders_read
    if count == 0:
        return f"No order placed {window} is waiting to be shipped."
    lines = [
        f"{orders_count(count)} placed {window} {'is' if count == 1 else 'are'} not shipped "
        f"yet, worth {_money(summary.totals)} in total (counted exactly by "
        "billbee_summarize_orders).",
        "By state:",
        *(f"  - {_state_label(v)}: {orders_count(n)}, {_money(t)}"
          for v, n, t in _marginal(summary, 0)),
        "By shop:",
        *(f"  - {v}: {orders_count(n)}, {_money(t)}" for v, n, t in _marginal(summary, 1)),
    ]  # fmt: skip
    if summary.truncated:
        lines.append(f"(Counted the first {count} of {summary.matching} matching orders.)")
    if unpaid:
        shown = f"first {len(unpaid)} of {unpaid_total}" if unpaid_total > len(unpaid) else "all"
        lines.append(f"Waiting for payment ({shown}):")
        lines.extend(f"  - {unpaid_line(order)}" for order in unpaid)
    return "\n".join(lines)


def unpaid_line(order: Order) -> str:
    """An order as task 1 lists it: the order number first, as a seller would name it."""
    number = order.order_number or f"BillBeeOrderId {order.bill_bee_order_id}"
    total = (
        f"{_amount(order.total_cost)} {order.currency or ''}".strip() if order.total_cost else ""
    )
    details = ", ".join(
        p for p in (describe_state(order.state), shop_of(order), _day(order.created_at), total) if p
    )
    return f"order {number} ({details})"


def customer_summary(hit: CustomerSearchResult, orders: Sequence[Order], total_rows: int) -> str:
    """Task 3's answer: who the customer is and what they ordered lately."""
    name = hit.name or f"customer {hit.id}"
    number = f", customer no. {hit.number}" if hit.number else ""
    if not orders:
        return f"{name} (Billbee customer id {hit.id}{number}) has no orders in Billbee."
    states = Counter(describe_state(o.state) for o in orders)
    newest = sorted(orders, key=lambda o: o.created_at or datetime.min, reverse=True)
    shops = Counter(shop_of(o) for o in orders)
    lines = [
        f"{name} (Billbee customer id {hit.id}{number}) has {orders_count(total_rows)}, "
        f"worth {_totals(orders)}"
        + (f" (first {len(orders)} counted)" if total_rows > len(orders) else "")
        + ".",
        "States: " + ", ".join(f"{count} × {state}" for state, count in states.most_common()),
        "Shops: " + ", ".join(f"{count} × {shop}" for shop, count in shops.most_common()),
        f"Most recent {min(RECENT_SHOWN, len(newest))}:",
        *(f"  - {order_brief(o)}, {describe_state(o.state)}" for o in newest[:RECENT_SHOWN]),
    ]
    return "\n".join(lines)
