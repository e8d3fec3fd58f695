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

__all__ = [
    "customer_summary",
    "order_brief",
    "orders_in",
    "paging_of",
    "search_hits_in",
    "shop_of",
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


def paging_of(artifact: Any) -> tuple[int, int]:
    """``(page, total_pages)`` of a page artifact; ``(1, 1)`` when it carries no paging."""
    paging = artifact.get("Paging") if isinstance(artifact, dict) else None
    if not isinstance(paging, dict):
        return 1, 1
    return int(paging.get("Page") or 1), int(paging.get("TotalPages") or 1)


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


def _count_lines(counts: Counter[Any], label: Any, values: dict[Any, list[Order]]) -> list[str]:
    return [
        f"  - {label(key)}: {orders_count(count)}, {_totals(values[key])}"
        for key, count in counts.most_common()
    ]


def unshipped_summary(orders: Sequence[Order], *, since: date, days: int, total_rows: int) -> str:
    """Task 1's answer: the open orders grouped by state and by shop."""
    window = f"in the last {days} days (since {since.isoformat()})"
    if not orders:
        return f"No order placed {window} is waiting to be shipped."
    by_state: defaultdict[int, list[Order]] = defaultdict(list)
    by_shop: defaultdict[str, list[Order]] = defaultdict(list)
    for order in orders:
        by_state[order.state].append(order)
        by_shop[shop_of(order)].append(order)
    state_counts = Counter({k: len(v) for k, v in by_state.items()})
    shop_counts = Counter({k: len(v) for k, v in by_shop.items()})
    oldest = min(orders, key=lambda o: o.created_at or datetime.max)
    lines = [
        f"{orders_count(len(orders))} placed {window} "
        f"{'is' if len(orders) == 1 else 'are'} not shipped yet, worth "
        f"{_totals(orders)} in total.",
        "By state:",
        *_count_lines(state_counts, describe_state, by_state),
        "By shop:",
        *_count_lines(shop_counts, str, by_shop),
        f"The oldest one waiting is {order_brief(oldest)}, state {describe_state(oldest.state)}.",
    ]
    if total_rows > len(orders):
        lines.append(f"(Summarized the first {len(orders)} of {total_rows} matching orders.)")
    return "\n".join(lines)


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
