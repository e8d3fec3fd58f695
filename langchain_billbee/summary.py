"""Exact order summaries: every matching order read and counted by code, never by a model.

``BillbeeAPIWrapper.summarize_orders`` walks ``GET /orders`` at Billbee's largest page size and
hands each page to :class:`OrderCounter`; the result is an :class:`OrderSummary`, a small table
(one :class:`SummaryGroup` per combination of the ``group_by`` values) with the order count and
the gross total per currency. A language model reads that table instead of hundreds of order
lines it would have to count itself, and miscount.

Grouping values are plain strings so a group is a stable key in any table or chart:

- ``state``: the state id (``"3"``; :func:`group_label` adds Billbee's and the English name);
- ``shop``: the shop's name as Billbee reports it (``Seller.BillbeeShopName``, else
  ``ApiAccountName``);
- ``day`` / ``week`` / ``month``: the order date (``CreatedAt``) as ``2026-11-19``, the ISO week
  ``2026-W47``, ``2026-11``;
- ``country``: the shipping address's ISO code (else the invoice address's);
- ``currency``: the order's currency.

A value Billbee left empty is :data:`NO_VALUE`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from langchain_billbee.models import Order, Page
from langchain_billbee.order_states import describe_state

__all__ = [
    "DEFAULT_MAX_ORDERS",
    "GROUP_KEYS",
    "MAX_ORDERS_CAP",
    "NO_VALUE",
    "SUMMARY_PAGE_SIZE",
    "GroupKey",
    "OrderCounter",
    "OrderSummary",
    "SummaryGroup",
    "SummaryProgress",
    "check_summary_args",
    "group_label",
    "group_value",
    "summarize_pages",
]

GroupKey = Literal["state", "shop", "day", "week", "month", "country", "currency"]
GROUP_KEYS: tuple[GroupKey, ...] = get_args(GroupKey)

SUMMARY_PAGE_SIZE = 250
"""Billbee's largest page: 1,000 orders are 4 requests."""

DEFAULT_MAX_ORDERS = 5_000
"""20 pages, about 10 s at Billbee's 2 requests/s: enough for a busy month of a busy shop."""

MAX_ORDERS_CAP = 25_000
"""100 pages, about 50 s: a caller may raise ``max_orders`` this far and no further, so one
question cannot occupy an account's request budget for minutes."""

NO_VALUE = "(none)"
"""The group value of an order whose field is empty (a manual order has no shop, say)."""

_TIME_KEYS = frozenset({"day", "week", "month"})


def group_value(order: Order, key: GroupKey) -> str:
    """The value ``order`` is grouped under for ``key`` (see the module docstring)."""
    if key == "state":
        return str(order.state)
    if key == "shop":
        seller = order.seller.billbee_shop_name if order.seller is not None else None
        return _or_none(seller or (order.model_extra or {}).get("ApiAccountName"))
    if key == "currency":
        return _or_none(order.currency)
    if key == "country":
        return _or_none(_country(order))
    created = order.created_at
    if created is None:
        return NO_VALUE
    if key == "day":
        return created.strftime("%Y-%m-%d")
    if key == "month":
        return created.strftime("%Y-%m")
    year, week, _ = created.isocalendar()
    return f"{year}-W{week:02d}"


def group_label(key: GroupKey, value: str) -> str:
    """``value`` for a reader: a state id gets its names (``3 Zahlung_erhalten (paid)``)."""
    if key == "state" and value.isdigit():
        return describe_state(int(value))
    return value


def _country(order: Order) -> str | None:
    for address in (order.shipping_address, order.invoice_address):
        if address is not None and (address.country_iso2 or address.country):
            return address.country_iso2 or address.country
    return None


def _or_none(value: object) -> str:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or NO_VALUE


class SummaryGroup(BaseModel):
    """One row of a summary: the group's values (in ``group_by`` order), count and totals."""

    model_config = ConfigDict(frozen=True)

    key: tuple[str, ...]
    count: int
    totals: dict[str, Decimal] = Field(
        description="Gross order value (TotalCost, shipping included) per currency."
    )


class OrderSummary(BaseModel):
    """An exact summary of the orders matching ``filters``, grouped by ``group_by``."""

    group_by: tuple[GroupKey, ...]
    groups: list[SummaryGroup]
    totals: dict[str, Decimal]
    """Grand total per currency over every order read."""
    orders_read: int
    matching: int
    """Orders Billbee reported for the filters (``Paging.TotalRows`` of the last page read)."""
    max_orders: int
    truncated: bool
    """Whether ``max_orders`` stopped the walk before every matching order was read."""
    requests: int
    """Pages requested from Billbee."""
    filters: dict[str, Any] = Field(default_factory=dict)
    """The filters applied, by the wrapper's argument names (empty: every order)."""

    @property
    def not_read(self) -> int:
        """Matching orders left out because of ``max_orders`` (0 when complete)."""
        return max(self.matching - self.orders_read, 0) if self.truncated else 0


@dataclass(frozen=True)
class SummaryProgress:
    """Where a summary walk stands after one page, for progress reports."""

    pages_read: int
    total_pages: int
    orders_read: int
    matching: int
    max_orders: int

    def as_event(self) -> dict[str, int]:
        return {
            "pages_read": self.pages_read,
            "total_pages": self.total_pages,
            "orders_read": self.orders_read,
            "matching": self.matching,
            "max_orders": self.max_orders,
        }


class OrderCounter:
    """Counts orders into groups, each order once (a page shifted by a new order can repeat
    one on the next page; Billbee has no sort order that would prevent it)."""

    def __init__(self, group_by: Sequence[GroupKey]) -> None:
        self.group_by = tuple(group_by)
        self._counts: dict[tuple[str, ...], int] = {}
        self._totals: dict[tuple[str, ...], dict[str, Decimal]] = {}
        self._seen: set[int] = set()

    @property
    def orders_read(self) -> int:
        return len(self._seen)

    def add(self, orders: Iterable[Order], limit: int) -> None:
        """Count ``orders`` until ``limit`` distinct orders have been counted in total."""
        for order in orders:
            if len(self._seen) >= limit:
                return
            if order.bill_bee_order_id in self._seen:
                continue
            self._seen.add(order.bill_bee_order_id)
            key = tuple(group_value(order, k) for k in self.group_by)
            self._counts[key] = self._counts.get(key, 0) + 1
            _add_money(self._totals.setdefault(key, {}), order)

    def groups(self) -> list[SummaryGroup]:
        rows = [
            SummaryGroup(key=key, count=count, totals=dict(sorted(self._totals[key].items())))
            for key, count in self._counts.items()
        ]
        return sorted(rows, key=self._sort_key(rows))

    def grand_totals(self) -> dict[str, Decimal]:
        grand: dict[str, Decimal] = {}
        for totals in self._totals.values():
            for currency, amount in totals.items():
                grand[currency] = grand.get(currency, Decimal(0)) + amount
        return dict(sorted(grand.items()))

    def _sort_key(self, rows: list[SummaryGroup]) -> Callable[[SummaryGroup], tuple[Any, ...]]:
        """Time keys in time order, states by id, anything else largest first; the second key
        orders the rows within each value of the first."""
        subtotal: dict[str, int] = {}
        for row in rows:
            subtotal[row.key[0]] = subtotal.get(row.key[0], 0) + row.count
        first = self.group_by[0]

        def key(row: SummaryGroup) -> tuple[Any, ...]:
            head = row.key[0]
            if first in _TIME_KEYS:
                primary: tuple[Any, ...] = (head == NO_VALUE, head)
            elif first == "state":
                primary = (not head.isdigit(), int(head) if head.isdigit() else 0)
            else:
                primary = (-subtotal[head], head)
            second = row.key[1:]
            if len(self.group_by) > 1 and self.group_by[1] in _TIME_KEYS:
                return (*primary, *second)
            return (*primary, -row.count, *second)

        return key


def _add_money(totals: dict[str, Decimal], order: Order) -> None:
    currency = order.currency or NO_VALUE
    totals[currency] = totals.get(currency, Decimal(0)) + (order.total_cost or Decimal(0))


def check_summary_args(group_by: Sequence[str], max_orders: int) -> tuple[GroupKey, ...]:
    """Reject grouping keys and limits the summary cannot honour, before any request."""
    keys = tuple(group_by)
    if not 1 <= len(keys) <= 2:
        raise ValueError(f"group_by takes 1 or 2 keys, got {len(keys)}")
    unknown = [k for k in keys if k not in GROUP_KEYS]
    if unknown:
        raise ValueError(f"group_by: unknown key(s) {unknown}; valid: {', '.join(GROUP_KEYS)}")
    if len(set(keys)) != len(keys):
        raise ValueError(f"group_by names {keys[0]!r} twice")
    if isinstance(max_orders, bool) or not 1 <= max_orders <= MAX_ORDERS_CAP:
        raise ValueError(f"max_orders must be between 1 and {MAX_ORDERS_CAP:,}, got {max_orders}")
    return keys  # type: ignore[return-value]  # each key was checked against GROUP_KEYS


def summarize_pages(
    fetch: Callable[[int], Page[Order]],
    group_by: Sequence[GroupKey],
    *,
    max_orders: int,
    filters: Mapping[str, Any],
    on_progress: Callable[[SummaryProgress], None] | None = None,
) -> OrderSummary:
    """Walk ``fetch(page)`` (pages of :data:`SUMMARY_PAGE_SIZE`) and count every order.

    Stops at Billbee's last page, at an empty page (should ``Paging`` be wrong) or once
    ``max_orders`` orders are counted; ``on_progress`` hears about every page.
    """
    counter = OrderCounter(group_by)
    page_no, matching, requests = 1, 0, 0
    last_page = math.ceil(max_orders / SUMMARY_PAGE_SIZE)
    while True:
        page = fetch(page_no)
        requests += 1
        matching = page.total_rows
        counter.add(page.items, max_orders)
        if on_progress is not None:
            total_pages = min(page.total_pages, last_page)
            progress = SummaryProgress(
                requests, total_pages, counter.orders_read, matching, max_orders
            )
            on_progress(progress)
        done = not page.items or page.page >= page.total_pages
        if done or counter.orders_read >= max_orders or requests >= last_page:
            break
        page_no = page.page + 1
    # Cut short: max_orders (or its page budget) stopped the walk with orders left unread.
    stopped = counter.orders_read >= max_orders or not done
    truncated = matching > counter.orders_read and stopped
    return OrderSummary(
        group_by=tuple(group_by),
        groups=counter.groups(),
        totals=counter.grand_totals(),
        orders_read=counter.orders_read,
        matching=max(matching, counter.orders_read),
        max_orders=max_orders,
        truncated=truncated,
        requests=requests,
        filters=_applied(filters),
    )


def _applied(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that were set, dates as ISO text, as the summary's record of what it counted."""
    applied: dict[str, Any] = {}
    for name, value in filters.items():
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        applied[name] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return applied
