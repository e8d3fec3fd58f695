"""``BillbeeAPIWrapper``: the Billbee operations langchain-billbee's tools use.

The operations are declared per resource, next to their tools (``tools/orders.py``,
``tools/states.py``, …); this class combines them. Each public method is a few lines over the
private ``_request`` choke point inherited from
:class:`~langchain_billbee._transport.BillbeeTransport`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from langchain_billbee._lookups import LookupsAPI
from langchain_billbee._paging import DEFAULT_MAX_PAGES, MAX_PAGE_SIZE
from langchain_billbee._paging import fetch_all as _fetch_all
from langchain_billbee._paging import iter_pages as _iter_pages
from langchain_billbee._transport import DEFAULT_BASE_URL, RequestStats
from langchain_billbee._wire import DateLike
from langchain_billbee.models import Order, Page
from langchain_billbee.summary import (
    DEFAULT_MAX_ORDERS,
    SUMMARY_PAGE_SIZE,
    GroupKey,
    OrderSummary,
    SummaryProgress,
    check_summary_args,
    summarize_pages,
)
from langchain_billbee.tools.customers import CustomersAPI
from langchain_billbee.tools.invoices import InvoicesAPI
from langchain_billbee.tools.orders import OrdersAPI
from langchain_billbee.tools.products import ProductsAPI
from langchain_billbee.tools.states import StatesAPI
from langchain_billbee.tools.stock import MAX_QUANTITY, StockAPI

__all__ = ["DEFAULT_BASE_URL", "MAX_QUANTITY", "BillbeeAPIWrapper", "RequestStats"]

T = TypeVar("T")


class BillbeeAPIWrapper(
    OrdersAPI, StatesAPI, StockAPI, ProductsAPI, CustomersAPI, InvoicesAPI, LookupsAPI
):
    """Typed client for the Billbee REST API, shared by every langchain-billbee tool.

    Setup:
        Set ``BILLBEE_USERNAME`` (your Billbee login), ``BILLBEE_API_PASSWORD`` (the API
        password from Billbee's API settings, not the login password) and ``BILLBEE_API_KEY``;
        optionally ``BILLBEE_BASE_URL`` (default ``https://api.billbee.io/api/v1``).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper

            api = BillbeeAPIWrapper()  # or username=..., api_password=..., api_key=...
            page = api.list_orders(order_state_ids=[3], page_size=10)
            print(page.total_rows, [o.bill_bee_order_id for o in page.items])

    Throttling: every request waits for the process-wide limiter of its (API key, user) pair,
    so no one-second window holds more than two requests; an identical invoice list within
    60 s comes from a cache, and one order is fetched at most six times a minute. HTTP 429
    (honouring Retry-After), 5xx and network failures are retried ``max_retries`` times.

    Numbers and dates: money and quantities are ``Decimal`` with Billbee's scale; dates are
    naive ``datetime`` because Billbee sends them without a time zone.
    """

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
        filters: dict[str, Any] = {
            "min_order_date": min_order_date,
            "max_order_date": max_order_date,
            "modified_at_min": modified_at_min,
            "modified_at_max": modified_at_max,
            "order_state_ids": list(order_state_ids) if order_state_ids else None,
            "shop_ids": list(shop_ids) if shop_ids else None,
            "tags": list(tags) if tags else None,
        }

        def fetch(page: int) -> Page[Order]:
            return self.list_orders(page=page, page_size=SUMMARY_PAGE_SIZE, **filters)

        return summarize_pages(
            fetch, keys, max_orders=max_orders, filters=filters, on_progress=on_progress
        )

    # --- paging ----------------------------------------------------------------------------

    def iter_pages(
        self,
        fetch: Callable[..., Page[T]],
        *,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        **filters: Any,
    ) -> Iterator[Page[T]]:
        """Walk a list method page by page, e.g. ``api.iter_pages(api.list_orders, tags=["x"])``."""
        return _iter_pages(fetch, page_size=page_size, max_pages=max_pages, **filters)

    def fetch_all(
        self,
        fetch: Callable[..., Page[T]],
        *,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        **filters: Any,
    ) -> list[T]:
        """Every item of a list method, up to ``max_pages`` pages."""
        return _fetch_all(fetch, page_size=page_size, max_pages=max_pages, **filters)
