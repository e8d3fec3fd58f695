"""Summary tool: exact order counts and gross totals by state, shop, date, country or currency.

The model reads a small table counted by code (every matching order, page by page at 250),
not hundreds of order lines it would have to count itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._wire import DateLike
from langchain_billbee.models import Order, Page
from langchain_billbee.order_states import ORDER_STATES
from langchain_billbee.summary import (
    DEFAULT_MAX_ORDERS,
    MAX_ORDERS_CAP,
    SUMMARY_PAGE_SIZE,
    GroupKey,
    OrderSummary,
    SummaryGroup,
    SummaryProgress,
    check_summary_args,
    summarize_pages,
)
from langchain_billbee.tools._args import NOT_BOOL
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import MISSING, Rendered, text
from langchain_billbee.tools._progress import PROGRESS_EVENT, report_progress
from langchain_billbee.tools.orders import OrderFilters, OrdersAPI

__all__ = [
    "PROGRESS_EVENT",
    "BillbeeSummarizeOrdersTool",
    "SummariesAPI",
    "SummarizeOrdersInput",
    "render_summary",
]

PIVOT_COLUMNS = 6
"""Up to this many values of the second key become columns; more are listed as rows."""

ROWS_SHOWN = 60
"""Rows the model reads at most; the artifact holds every group."""

_KEY_NAMES = {"day": "day", "week": "ISO week", "month": "month"}


class SummarizeOrdersInput(OrderFilters):
    """What billbee_summarize_orders counts (billbee_list_orders' filters) and how it groups."""

    group_by: list[GroupKey] = Field(
        min_length=1, max_length=2, description="1 or 2 keys, e.g. [state, shop]."
    )
    max_orders: Annotated[int, Field(ge=1, le=MAX_ORDERS_CAP), NOT_BOOL] = Field(
        default=DEFAULT_MAX_ORDERS, description="Stop after this many orders."
    )

    @model_validator(mode="after")
    def _distinct_keys(self) -> Self:
        if len(set(self.group_by)) != len(self.group_by):
            raise ValueError(f"group_by names {self.group_by[0]!r} twice; give two different keys")
        return self


class SummariesAPI(OrdersAPI):
    """The wrapper's order summary (part of ``BillbeeAPIWrapper``); it reads with list_orders."""

    def summarize_orders(
        self,
        *,
        group_by: Sequence[GroupKey] = ("state",),
        min_order_date: DateLike | None = None,
        max_order_date: DateLike | None = None,
        modified_at_min: DateLike | None = None,
        modified_at_max: DateLike | None = None,
        order_state_ids: Sequence[int] | None = None,
        shop_ids: Sequence[int] | None = None,
        tags: Sequence[str] | None = None,
        max_orders: int = DEFAULT_MAX_ORDERS,
        on_progress: Callable[[SummaryProgress], None] | None = None,
    ) -> OrderSummary:
        """Count every order matching the filters (``GET /orders``, all pages at 250), grouped
        by one or two of state, shop, day, week, month, country and currency.

        Counts and gross totals per currency are exact for the orders read; at most
        ``max_orders`` (default 5,000, at most 25,000) are read, and the summary says when that
        cut it short. ``on_progress`` hears about every page (a walk takes about half a second
        per 250 orders at Billbee's pace).
        """
        keys = check_summary_args(group_by, max_orders)
        filters = _order_filters(locals())

        def fetch(page: int) -> Page[Order]:
            return self.list_orders(**filters, page=page, page_size=SUMMARY_PAGE_SIZE)

        return summarize_pages(
            fetch, keys, max_orders=max_orders, filters=filters, on_progress=on_progress
        )


def _order_filters(given: Mapping[str, Any]) -> dict[str, Any]:
    """list_orders' filters from summarize_orders' arguments; the id and tag sequences as lists
    (the summary records them), an empty one as no filter."""
    filters = {name: given[name] for name in OrderFilters.model_fields}
    for name in ("order_state_ids", "shop_ids", "tags"):
        filters[name] = list(filters[name]) if filters[name] else None
    return filters


# ---- rendering ---------------------------------------------------------------------------------


def _label(key: GroupKey, value: str) -> str:
    if key == "state" and value.isdigit() and int(value) in ORDER_STATES:
        return f"{value} {ORDER_STATES[int(value)].english}"
    return text(value, 40)


def _amounts(totals: dict[str, Decimal], single: str | None) -> str:
    if not totals:
        return MISSING
    if single is not None:
        return f"{sum(totals.values(), Decimal(0)):,.2f}"
    return " + ".join(
        f"{amount:,.2f} {text(currency, 8)}" for currency, amount in sorted(totals.items())
    )


def _cell(count: int, totals: dict[str, Decimal], single: str | None) -> str:
    return f"{count:,}, {_amounts(totals, single)}"


def _headline(summary: OrderSummary) -> list[str]:
    keys = " and ".join(_KEY_NAMES.get(k, k) for k in summary.group_by)
    read = f"{summary.orders_read:,} orders"
    if summary.truncated:
        scope = (
            f"stopped at max_orders={summary.max_orders:,}: {summary.orders_read:,} of "
            f"{summary.matching:,} matching orders read, {summary.not_read:,} NOT read; raise "
            f"max_orders (up to {MAX_ORDERS_CAP:,}) or narrow the filters for a complete count"
        )
    else:
        requests = f"{summary.requests} request" + ("" if summary.requests == 1 else "s")
        scope = f"all matching orders, {requests}; exact, counted by code"
    applied = ", ".join(f"{name}={_shown(value)}" for name, value in summary.filters.items())
    return [f"order summary by {keys}: {read} ({scope})", f"filters: {applied or 'none'}"]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _flat_rows(summary: OrderSummary, single: str | None) -> list[str]:
    columns = " | ".join(_KEY_NAMES.get(k, k) for k in summary.group_by)
    rows = [f"columns: {columns} | orders | gross total"]
    for group in summary.groups[:ROWS_SHOWN]:
        labels = [_label(k, v) for k, v in zip(summary.group_by, group.key, strict=True)]
        rows.append(" | ".join([*labels, f"{group.count:,}", _amounts(group.totals, single)]))
    return rows


def _pivot_rows(summary: OrderSummary, columns: list[str], single: str | None) -> list[str]:
    first, second = summary.group_by
    cells: dict[str, dict[str, SummaryGroup]] = {}
    for group in summary.groups:
        cells.setdefault(group.key[0], {})[group.key[1]] = group
    names = [_label(second, c) for c in columns]
    rows = [f"columns: {first} | {' | '.join(names)} | all; each cell: orders, gross total"]
    for head, row in list(cells.items())[:ROWS_SHOWN]:
        parts = [
            _cell(row[c].count, row[c].totals, single) if c in row else MISSING for c in columns
        ]
        count = sum(g.count for g in row.values())
        totals: dict[str, Decimal] = {}
        for group in row.values():
            for currency, amount in group.totals.items():
                totals[currency] = totals.get(currency, Decimal(0)) + amount
        rows.append(" | ".join([_label(first, head), *parts, _cell(count, totals, single)]))
    return rows


def render_summary(summary: OrderSummary) -> Rendered:
    """The summary as a small table; the artifact is the whole :class:`OrderSummary`."""
    currencies = sorted(summary.totals)
    # The currency code comes from the orders: sanitized like any value they carry.
    single = text(currencies[0], 8) if len(currencies) == 1 else None
    rows = _headline(summary)
    if not summary.groups:
        rows.append("no orders match these filters")
        return "\n".join(rows), {"Data": summary.model_dump(mode="json")}
    rows.append(f"amounts: gross {single}, shipping included" if single else "amounts: gross")
    columns = (
        list(dict.fromkeys(g.key[1] for g in summary.groups)) if len(summary.group_by) > 1 else []
    )
    if len(summary.group_by) == 2 and len(columns) <= PIVOT_COLUMNS:
        rows.extend(_pivot_rows(summary, columns, single))
        shown = len({g.key[0] for g in summary.groups})
    else:
        rows.extend(_flat_rows(summary, single))
        shown = len(summary.groups)
    if shown > ROWS_SHOWN:
        rows.append(f"… {shown - ROWS_SHOWN} more rows in the artifact; group more coarsely")
    total = _amounts(summary.totals, single) + (f" {single}" if single else "")
    rows.append(f"total: {summary.orders_read:,} orders, {total}")
    return "\n".join(rows), {"Data": summary.model_dump(mode="json")}


# ---- the tool ----------------------------------------------------------------------------------


class BillbeeSummarizeOrdersTool(BillbeeBaseTool[SummarizeOrdersInput]):
    """Count orders exactly, grouped by state, shop, day, week, month, country or currency.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all tools at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeSummarizeOrdersTool

            tool = BillbeeSummarizeOrdersTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"group_by": ["state"], "order_state_ids": [1, 2, 3]})
            # order summary by state: 97 orders (all matching orders, 1 request(s); exact, …)
            # filters: order_state_ids=[1, 2, 3]
            # amounts: gross EUR, shipping included
            # columns: state | orders | gross total
            # 1 ordered | 28 | 3,923.97
            # …

        Progress: after every page it reads, the tool sends a ``billbee_progress`` custom
        event (pages and orders read so far) to the run's callbacks, e.g.
        ``agent.stream(..., stream_mode="custom")`` or ``astream_events``.
    """

    name: str = "billbee_summarize_orders"
    description: str = (
        "Count orders exactly, with gross totals per currency, grouped by 1-2 of state, shop, "
        "day, week, month, country, currency; billbee_list_orders' filters. Use it for any "
        "count, total or 'by X' question instead of counting listed orders. Reads every match "
        "(~0.5 s per 250) up to max_orders, says if it stopped early."
    )
    args_schema: ArgsSchema | None = SummarizeOrdersInput
    # The filters are billbee_list_orders' own, as the description says: described there once.
    undescribed_args: ClassVar[frozenset[str]] = frozenset(OrderFilters.model_fields)
    access: ClassVar[Access] = "read"

    example_args: ClassVar[Mapping[str, Any]] = {
        "group_by": ["state", "shop"],
        "order_state_ids": [1, 2, 3],
    }

    def _call(self, args: SummarizeOrdersInput) -> Rendered:
        summary = self.api_wrapper.summarize_orders(**args.kwargs(), on_progress=report_progress)
        return render_summary(summary)
