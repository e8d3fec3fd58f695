"""The sandbox's state: a Billbee account as plain Python, no HTTP.

Methods are named after Billbee's operations (``get_orders`` is ``OrderApi_GetList`` …) and take
already-parsed Python values; :mod:`.server` does the HTTP parsing and wrapping. Data comes from
:func:`.data.generate` for the seed, built lazily on first use; :meth:`reset` returns to it.
Writes go through one lock and replace a record instead of changing it in place, so a response
being serialized on another thread never sees a half-written record, and a reset can index the
generated records again instead of generating them again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterable
from datetime import datetime, timedelta
from typing import Literal

from langchain_billbee.order_states import ORDER_STATES

from . import views
from .data import ANCHOR, DEFAULT_ORDERS, DEFAULT_PRODUCTS, DemoData, generate
from .data_render import state_change_entry
from .records import BackendError, InvalidData, NotFound, Page, Record, paginate
from .state_stock import StockMixin

__all__ = ["BackendError", "BillbeeBackend", "InvalidData", "NotFound", "Page"]

PAID = 3  # Zahlung_erhalten


def _between(value: datetime | None, low: datetime | None, high: datetime | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _tags_match(order: Record, tags: Collection[str], exclude: bool) -> bool:
    if not tags:
        return True
    wanted = {t.lower() for t in tags}
    # Billbee does not say whether several tags mean "any" or "all"; we read it as "any".
    hit = any(t.lower() in wanted for t in order["Tags"])
    return not hit if exclude else hit


class BillbeeBackend(StockMixin):
    """A deterministic Billbee account for ``seed``, anchored at ``anchor`` (the demo's "now").

    ``clock`` returns the current demo time for writes; by default the anchor plus the real time
    elapsed since the backend was built, so writes always come after the generated history.
    ``customer_orders`` picks the order model of ``GET /customers/{id}/orders`` (see
    :meth:`get_customer_orders`). ``orders`` and ``products`` size the shop (see
    :func:`.data.generate`).
    """

    def __init__(
        self, seed: int = 42, *, anchor: datetime = ANCHOR,
        clock: Callable[[], datetime] | None = None,
        customer_orders: Literal["full", "spec"] = "full", orders: int = DEFAULT_ORDERS,
        products: int = DEFAULT_PRODUCTS,
    ) -> None:  # fmt: skip
        # Checked here: the data is built later, on a request thread.
        if orders < 0:
            raise ValueError(f"orders must be 0 or more, not {orders}")
        if products < DEFAULT_PRODUCTS:
            raise ValueError(f"products must be at least {DEFAULT_PRODUCTS}, not {products}")
        self.seed, self.anchor, self.customer_orders = seed, anchor, customer_orders
        self.orders, self.products = orders, products
        self._started = time.monotonic()
        self._clock = clock or self._demo_now
        self._lock = threading.RLock()
        self._data: DemoData | None = None
        self._handed_out = False
        self._orders: dict[int, Record] = {}
        self._products: dict[int, Record] = {}
        self._customers: dict[int, Record] = {}

    def _demo_now(self) -> datetime:
        now = self.anchor + timedelta(seconds=time.monotonic() - self._started)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)  # .NET shows milliseconds

    @property
    def data(self) -> DemoData:
        """The demo data, generated on first use (so the server starts without waiting).

        These are the records themselves, and a caller may change them in place (tests plant
        hostile text this way), so once they are handed out the next :meth:`reset` generates
        them again."""
        with self._lock:
            data = self._loaded()
            self._handed_out = True
            return data

    def _loaded(self) -> DemoData:
        with self._lock:
            if self._data is None:
                self._data = generate(self.seed, self.anchor, self.orders, self.products)
                self._handed_out = False
                self._index(self._data)
            return self._data

    def _index(self, data: DemoData) -> None:
        self._orders = {o["BillBeeOrderId"]: o for o in data.orders}
        self._products = {p["Id"]: p for p in data.products}
        self._customers = {c["Id"]: c for c in data.customers}

    def reset(self) -> None:
        """Forget every write: the next call sees the data as generated for the seed."""
        with self._lock:
            self._started = time.monotonic()
            if self._data is None:
                return
            if self._handed_out:
                self._data = None
            else:
                # Writes replace records in the indexes and never change one in place, so the
                # generated records are still as generated: indexing them again is a reset, and
                # each test's sandbox starts in microseconds instead of regenerating the shop.
                self._index(self._data)

    # -- orders ---------------------------------------------------------------------------------
    def get_orders(
        self, *, min_order_date: datetime | None = None, max_order_date: datetime | None = None,
        page: int = 1, page_size: int = 50, shop_ids: Collection[int] = (),
        order_state_ids: Collection[int] = (), tags: Collection[str] = (),
        exclude_tags: bool = False, minimum_billbee_order_id: int | None = None,
        modified_at_min: datetime | None = None, modified_at_max: datetime | None = None,
        article_title_source: int = 0,
    ) -> Page:  # fmt: skip
        """OrderApi_GetList, oldest first (Billbee documents no order; ids ascend with time).

        ``modifiedAtMin`` is exclusive ("newer than"), every other bound inclusive."""
        self._loaded()
        with self._lock:
            orders = list(self._orders.values())
        selected = [
            o for o in orders
            if _between(o["CreatedAt"], min_order_date, max_order_date)
            and (not shop_ids or o["ApiAccountId"] in shop_ids)
            and (not order_state_ids or o["State"] in order_state_ids)
            and _tags_match(o, tags, exclude_tags)
            and o["BillBeeOrderId"] >= (minimum_billbee_order_id or 0)
            and (modified_at_min is None or o["LastModifiedAt"] > modified_at_min)
            and (modified_at_max is None or o["LastModifiedAt"] <= modified_at_max)
        ]  # fmt: skip
        result = paginate(selected, page, page_size)
        items = [
            views.order_with_titles(o, self._products, article_title_source) for o in result.items
        ]
        return Page(items, result.page, result.page_size, result.total_rows)

    def get_order(self, order_id: int, *, article_title_source: int = 0) -> Record:
        """OrderApi_Get; raises :class:`NotFound` for an unknown BillBeeOrderId."""
        self._loaded()
        order = self._orders.get(order_id)
        if order is None:
            raise NotFound(f"order {order_id}")
        return views.order_with_titles(order, self._products, article_title_source)

    def get_order_by_extref(self, ext_ref: str) -> Record:
        """OrderApi_GetByExtRef: the order whose ``OrderNumber`` (the shop's number, as
        ``GET /orders`` shows it) is ``ext_ref``, ignoring case as Billbee's SQL lookups do
        (our reading); the oldest if several share it. Raises :class:`NotFound` (404)."""
        self._loaded()
        wanted = ext_ref.casefold()
        with self._lock:
            orders = list(self._orders.values())
        for order in orders:
            if (order["OrderNumber"] or "").casefold() == wanted:
                return order
        raise NotFound(f"order number {ext_ref}")

    def update_order_state(self, order_id: int, new_state_id: int) -> None:
        """OrderApi_UpdateState: sets ``State``, ``LastModifiedAt`` and adds a History entry.

        Setting the state an order already has changes nothing, so a repeated request (a retry)
        leaves no duplicate History entry. State 3 (Zahlung_erhalten, paid) on an order not
        paid in full also books the open amount as a payment (``PayedAt``, ``PaidAmount``,
        ``Payments``), as marking an order paid in Billbee does, so the order no longer reads
        "paid amount 0.00". Other dates (``ShippedAt``) are not touched: Billbee does not
        document that a state change sets them."""
        if new_state_id not in ORDER_STATES:
            raise InvalidData(f"Invalid NewStateId {new_state_id}: allowed are 1 to 17")
        self._loaded()
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise NotFound(f"order {order_id}")
            if order["State"] == new_state_id:
                return
            now = self._clock()
            entry = state_change_entry(now, order["State"], new_state_id, "API")
            updated = {**order, "State": new_state_id, "LastModifiedAt": now,
                       "History": [entry, *order["History"]]}  # fmt: skip
            if new_state_id == PAID:
                updated.update(views.payment_booked(order, now))
            self._orders[order_id] = updated

    def get_invoices(
        self, *, min_invoice_date: datetime | None = None, max_invoice_date: datetime | None = None,
        page: int = 1, page_size: int = 50, shop_ids: Collection[int] = (),
        order_state_ids: Collection[int] = (), tags: Collection[str] = (),
        min_pay_date: datetime | None = None, max_pay_date: datetime | None = None,
        include_positions: bool = False, exclude_tags: bool = False,
    ) -> Page:  # fmt: skip
        """OrderApi_GetInvoiceList: one invoice per invoiced order, by invoice date."""
        self._loaded()
        with self._lock:
            orders = [o for o in self._orders.values() if o["InvoiceDate"] is not None]
        orders.sort(key=lambda o: (o["InvoiceDate"], o["BillBeeOrderId"]))
        selected = [
            o for o in orders
            if _between(o["InvoiceDate"], min_invoice_date, max_invoice_date)
            and _between(o["PayedAt"], min_pay_date, max_pay_date)
            and (not shop_ids or o["ApiAccountId"] in shop_ids)
            and (not order_state_ids or o["State"] in order_state_ids)
            and _tags_match(o, tags, exclude_tags)
        ]  # fmt: skip
        result = paginate(selected, page, page_size)
        items = [
            views.invoice_from_order(o, include_positions=include_positions) for o in result.items
        ]
        return Page(items, page, page_size, result.total_rows)

    def get_order_states(self) -> list[Record]:
        """EnumApi_GetOrderStates: ``[{"Id", "Name"}]`` for ids 1..17."""
        return [{"Id": s.id, "Name": s.name} for s in ORDER_STATES.values()]

    # -- customers ------------------------------------------------------------------------------
    def get_customers(self, *, page: int = 1, page_size: int = 50) -> Page:
        """Customer_GetAll, by customer number."""
        return paginate(list(self._loaded().customers), page, page_size)

    def get_customer(self, customer_id: int) -> Record:
        """Customer_GetOne; raises :class:`NotFound`."""
        self._loaded()
        customer = self._customers.get(customer_id)
        if customer is None:
            raise NotFound(f"customer {customer_id}")
        return customer

    def get_customer_orders(self, customer_id: int, *, page: int = 1, page_size: int = 50) -> Page:
        """Customer_GetCustomerOrders; raises :class:`NotFound` for an unknown customer.

        Which order model this returns is disputed: Billbee's spec declares a reduced one
        (``Rechnungsdruck.WebApp.Controllers.Api.Order``: Id, ExternalId, OrderStateId, ...),
        while the API notes and both official SDKs read the full Order. ``customer_orders``
        chooses: "full" (default) or "spec" (see :func:`.views.customer_order_summary`)."""
        self.get_customer(customer_id)
        with self._lock:
            orders = [o for o in self._orders.values() if o["Customer"]["Id"] == customer_id]
        result = paginate(orders, page, page_size)
        if self.customer_orders == "full":
            return result
        items = [views.customer_order_summary(o) for o in result.items]
        return Page(items, result.page, result.page_size, result.total_rows)

    def search(self, types: Iterable[str], term: str) -> Record:
        """Search_Search: every word of ``term`` must occur in the fields the hit shows (an
        order's number, invoice number, buyer, customer and article texts; a product's SKU,
        title, EAN and tags; a customer's name, e-mail, number and phone). Lucene syntax is not
        interpreted, ``SearchMode`` is ignored, unknown types are ignored, and unrequested
        result kinds come back as empty lists."""
        wanted = {t.strip().lower() for t in types}
        words = views.search_words(term)
        if not words:
            raise InvalidData("Parameter Term is empty")
        data = self._loaded()
        result: Record = {"Products": [], "Orders": [], "Customers": []}
        if "product" in wanted:
            with self._lock:
                products = list(self._products.values())
            hits = [views.product_result(p) for p in products]
            result["Products"] = [
                hit for hit, p in zip(hits, products, strict=True)
                if views.text_matches(words, hit["SKU"], hit["ShortText"], hit["Tags"], p["EAN"])
            ]  # fmt: skip
        if "order" in wanted:
            with self._lock:
                orders = list(self._orders.values())
            hits = [views.order_result(o) for o in orders]
            result["Orders"] = [hit for hit in hits if views.text_matches(words, *hit.values())]
        if "customer" in wanted:
            result["Customers"] = [
                views.customer_result(c, data.addresses[c["Id"]]) for c in data.customers
                if views.text_matches(words, c["Name"], c["Email"], c["Number"], c["Tel1"])
            ]  # fmt: skip
        return result
