"""``BillbeeAPIWrapper``: the Billbee operations langchain-billbee's tools use.

The operations are declared per resource, next to their tools (``tools/orders.py``,
``tools/states.py``, …); this class combines them. Each public method is a few lines over the
private ``_request`` choke point inherited from
:class:`~langchain_billbee._transport.BillbeeTransport`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from langchain_billbee._paging import DEFAULT_MAX_PAGES, MAX_PAGE_SIZE
from langchain_billbee._paging import fetch_all as _fetch_all
from langchain_billbee._paging import iter_pages as _iter_pages
from langchain_billbee._transport import DEFAULT_BASE_URL, RequestStats
from langchain_billbee.models import Page
from langchain_billbee.tools.customers import CustomersAPI
from langchain_billbee.tools.invoices import InvoicesAPI
from langchain_billbee.tools.order_detail import OrderDetailAPI
from langchain_billbee.tools.orders import OrdersAPI
from langchain_billbee.tools.products import ProductsAPI
from langchain_billbee.tools.states import StatesAPI
from langchain_billbee.tools.stock import MAX_QUANTITY, StockAPI
from langchain_billbee.tools.summaries import SummariesAPI

__all__ = ["DEFAULT_BASE_URL", "MAX_QUANTITY", "BillbeeAPIWrapper", "RequestStats"]

T = TypeVar("T")


class BillbeeAPIWrapper(
    SummariesAPI,
    OrdersAPI,
    OrderDetailAPI,
    StatesAPI,
    StockAPI,
    ProductsAPI,
    CustomersAPI,
    InvoicesAPI,
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
