"""``BillbeeAPIWrapper``: the Billbee operations langchain-billbee's tools use.

Each public method is a few lines over the private ``_request`` choke point inherited from
:class:`~langchain_billbee._transport.BillbeeTransport`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pydantic import BaseModel

from langchain_billbee._errors import BillbeeError
from langchain_billbee._lookups import LookupsAPI
from langchain_billbee._paging import DEFAULT_MAX_PAGES, MAX_PAGE_SIZE, check_page_args
from langchain_billbee._paging import fetch_all as _fetch_all
from langchain_billbee._paging import iter_pages as _iter_pages
from langchain_billbee._throttle import Gate, ResponseCache
from langchain_billbee._transport import DEFAULT_BASE_URL, RequestStats
from langchain_billbee._wire import (
    DateLike,
    encode_params,
    format_query_date,
    parse_record,
    unwrap_data,
)
from langchain_billbee.models import (
    Customer,
    CustomerSearchResult,
    Invoice,
    Order,
    OrderState,
    Page,
    Product,
    StockUpdateResult,
)
from langchain_billbee.order_states import STATE_ID_HELP, is_valid_state_id
from langchain_billbee.summary import (
    DEFAULT_MAX_ORDERS,
    SUMMARY_PAGE_SIZE,
    GroupKey,
    OrderSummary,
    SummaryProgress,
    check_summary_args,
    summarize_pages,
)

__all__ = ["DEFAULT_BASE_URL", "MAX_QUANTITY", "BillbeeAPIWrapper", "RequestStats"]

MAX_QUANTITY = Decimal(1_000_000_000)
"""Largest stock level ``update_stock`` sends. Billbee reads the quantity as a double, so
without a bound a value like ``1e400`` would reach it as a 401-digit integer; no shop stocks
a billion units of one product."""

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _date(value: DateLike | None) -> str | None:
    # Strings too: "2024-05-01" must reach Billbee as "2024-05-01T00:00:00" like a date would.
    return None if value is None else format_query_date(value)


class BillbeeAPIWrapper(LookupsAPI):
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

    # --- orders ---------------------------------------------------------------------------

    def list_orders(
        self,
        *,
        min_order_date: DateLike | None = None,
        max_order_date: DateLike | None = None,
        modified_at_min: DateLike | None = None,
        modified_at_max: DateLike | None = None,
        order_state_ids: Sequence[int] | None = None,
        shop_ids: Sequence[int] | None = None,
        tags: Sequence[str] | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Order]:
        """One page of orders (``GET /orders``), filtered by dates, states, shops and tags."""
        params = {
            "minOrderDate": _date(min_order_date),
            "maxOrderDate": _date(max_order_date),
            "modifiedAtMin": _date(modified_at_min),
            "modifiedAtMax": _date(modified_at_max),
            "orderStateId": order_state_ids,
            "shopId": shop_ids,
            "tag": tags,
        }
        return self._get_page("/orders", params, Order, page=page, page_size=page_size)

    def list_customer_orders(
        self, customer_id: int, *, page: int = 1, page_size: int = 50
    ) -> Page[Order]:
        """One page of one customer's orders (``GET /customers/{id}/orders``)."""
        path = f"/customers/{int(customer_id)}/orders"
        return self._get_page(path, {}, Order, page=page, page_size=page_size)

    def get_order(self, order_id: int) -> Order:
        """One order by its BillBeeOrderId (``GET /orders/{id}``).

        Billbee allows six fetches per order a minute; beyond that the last copy is returned
        when the order was not changed through this wrapper since, else the call waits.
        """
        order_id, path = int(order_id), f"/orders/{int(order_id)}"
        throttle = self._throttles.orders
        payload = throttle.cached_if_saturated(order_id, self.clock())
        if payload is None:
            generation = throttle.generation(order_id)
            payload = self._request(
                "GET", path, gate=lambda: throttle.wait_for_slot(order_id, self.clock, self.sleep)
            )
            throttle.store(order_id, payload, generation)
        return parse_record(Order, unwrap_data(payload), "GET", path)

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

    def update_order_state(self, order_id: int, new_state_id: int) -> None:
        """Set an order's state (``PUT /orders/{id}/orderstate``); Billbee syncs it to the shop.

        Safe to retry: the body sets an absolute state, so sending it twice changes nothing.
        """
        if not is_valid_state_id(new_state_id):
            raise ValueError(
                f"new_state_id {new_state_id} is not a Billbee order state. {STATE_ID_HELP}"
            )
        order_id = int(order_id)
        try:
            self._request(
                "PUT", f"/orders/{order_id}/orderstate", body={"NewStateId": new_state_id}
            )
        finally:
            # Even a failed write may have landed; never serve a copy from before it.
            self._throttles.orders.invalidate(order_id)

    # --- products, customers, invoices ------------------------------------------------------

    def list_products(
        self, *, page: int = 1, page_size: int = 50, min_created_at: DateLike | None = None
    ) -> Page[Product]:
        """One page of products (``GET /products``), optionally created on or after a date."""
        params = {"minCreatedAt": _date(min_created_at)}
        return self._get_page("/products", params, Product, page=page, page_size=page_size)

    def list_customers(self, *, page: int = 1, page_size: int = 50) -> Page[Customer]:
        """One page of customers (``GET /customers``)."""
        return self._get_page("/customers", {}, Customer, page=page, page_size=page_size)

    def search_customers(self, term: str) -> list[CustomerSearchResult]:
        """Customers matching a name, e-mail or number (``POST /search``, Type ``customer``)."""
        body = {"Type": ["customer"], "Term": term}
        data = unwrap_data(self._request("POST", "/search", body=body)) or {}
        hits = data.get("Customers") if isinstance(data, Mapping) else None
        return [parse_record(CustomerSearchResult, hit, "POST", "/search") for hit in hits or []]

    def list_invoices(
        self,
        *,
        min_invoice_date: DateLike | None = None,
        max_invoice_date: DateLike | None = None,
        min_pay_date: DateLike | None = None,
        max_pay_date: DateLike | None = None,
        shop_ids: Sequence[int] | None = None,
        order_state_ids: Sequence[int] | None = None,
        include_positions: bool = False,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Invoice]:
        """One page of invoices (``GET /orders/invoices``).

        Billbee answers the same page and ``minInvoiceDate`` once a minute, so an identical
        query within 60 s is answered from this wrapper's cache (results may be that old), and
        another query for the same page and ``minInvoiceDate`` waits until the minute is over.
        """
        params = {
            "minInvoiceDate": _date(min_invoice_date),
            "maxInvoiceDate": _date(max_invoice_date),
            "minPayDate": _date(min_pay_date),
            "maxPayDate": _date(max_pay_date),
            "shopId": shop_ids,
            "orderStateId": order_state_ids,
            "includePositions": include_positions,
        }
        cache = self._throttles.invoices
        return self._get_page(
            "/orders/invoices", params, Invoice, page=page, page_size=page_size, cache=cache
        )

    def get_order_states(self) -> list[OrderState]:
        """Billbee's order states (``GET /enums/orderstates``, a bare array)."""
        data = unwrap_data(self._request("GET", "/enums/orderstates")) or []
        return [parse_record(OrderState, item, "GET", "/enums/orderstates") for item in data]

    # --- stock ---------------------------------------------------------------------------------

    def update_stock(
        self,
        *,
        new_quantity: Decimal | int | float | str,
        sku: str | None = None,
        billbee_product_id: int | None = None,
        reason: str | None = None,
        stock_id: int | None = None,
    ) -> StockUpdateResult:
        """Set a product's absolute stock (``POST /products/updatestock``); reports old and new.

        Safe to retry: the quantity is absolute, so repeating the call changes nothing.
        Billbee answers "Parameter SKU is empty" without a SKU, so a product given only by id
        is looked up first (one extra ``GET /products/{id}``).
        """
        quantity = _quantity(new_quantity)
        if not sku and billbee_product_id is None:
            raise ValueError("update_stock needs sku or billbee_product_id")
        if not sku:
            assert billbee_product_id is not None
            sku = self.get_product(billbee_product_id).sku
            if not sku:
                raise BillbeeError(
                    message=f"Billbee product {billbee_product_id} has no SKU, and Billbee only "
                    "updates stock by SKU. Give the product a SKU in Billbee first.",
                    path=f"/products/{billbee_product_id}",
                )
        body: dict[str, object] = {"Sku": sku, "NewQuantity": quantity}
        for key, value in (
            ("BillbeeId", billbee_product_id),
            ("StockId", stock_id),
            ("Reason", reason),
        ):
            if value is not None:
                body[key] = value
        data = unwrap_data(self._request("POST", "/products/updatestock", body=body))
        return parse_record(StockUpdateResult, data or {}, "POST", "/products/updatestock")

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

    def _get_page(
        self,
        path: str,
        params: Mapping[str, object],
        model: type[M],
        *,
        page: int,
        page_size: int,
        cache: ResponseCache | None = None,
    ) -> Page[M]:
        check_page_args(page, page_size)
        query = {**params, "page": page, "pageSize": page_size}

        def request(gate: Gate | None = None) -> Any:
            return self._request("GET", path, params=query, gate=gate)

        if cache is None:
            payload = request()
        else:
            key = ("GET", path, tuple(encode_params(query)))
            slot = (path, page, query.get("minInvoiceDate"))
            payload = cache.fetch(key, slot, request, self.clock, self.sleep)
        data = unwrap_data(payload) or []
        items = [parse_record(model, item, "GET", path) for item in data]
        paging = payload.get("Paging") if isinstance(payload, Mapping) else None
        return Page.from_wire(items, paging, page=page, page_size=page_size)


def _quantity(value: Decimal | int | float | str) -> Decimal:
    try:
        # Through str so 0.1 becomes Decimal("0.1"), not the binary float's expansion.
        quantity = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"new_quantity must be a number, got {value!r}") from None
    if not quantity.is_finite() or not 0 <= quantity <= MAX_QUANTITY:
        raise ValueError(
            f"new_quantity must be a finite number >= 0 and <= {MAX_QUANTITY}, got {value}"
        )
    return quantity
