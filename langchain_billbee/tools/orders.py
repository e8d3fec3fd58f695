"""Orders: list them by filters, list one customer's, or search them by free text.

Args schemas (the filters are shared with the summary tool), the wrapper's list and search
methods (``OrdersAPI``), the list renderer and the tool; one order in detail is
:mod:`.order_detail`, search hits are rendered by :mod:`._format_search`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._resource import BillbeeResource, clean_term
from langchain_billbee._wire import DateLike
from langchain_billbee.models import Order, OrderSearchResult, Page
from langchain_billbee.order_states import STATE_IDS, describe_state
from langchain_billbee.tools._args import (
    BillbeeId,
    IsoDate,
    IsoDateUntil,
    PageNumber,
    PageSize,
    SearchTerm,
    StateId,
    ToolArgs,
    check_date_range,
    wire,
)
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import (
    Rendered,
    customer_name,
    day,
    money,
    render_page,
    shop_name,
    text,
)
from langchain_billbee.tools._format_search import render_order_search

ORDER_COLUMNS = "BillBeeOrderId | order no. | state | shop | created | total | customer"


class OrderFilters(ToolArgs):
    """The filters of ``GET /orders``, shared by billbee_list_orders and the summary tool."""

    min_order_date: IsoDate | None = Field(
        default=None, description="Only orders placed on or after this ISO date/date-time."
    )
    max_order_date: IsoDateUntil | None = Field(
        default=None, description="Only orders placed on or before this (a date: the whole day)."
    )
    modified_at_min: IsoDate | None = Field(
        default=None, description="Only orders last modified on or after this."
    )
    modified_at_max: IsoDateUntil | None = Field(
        default=None, description="Only orders last modified on or before this."
    )
    order_state_ids: list[StateId] | None = Field(
        default=None,
        description="Only orders in these state ids (e.g. [3] = paid).",
        serialization_alias="orderStateId",
    )
    shop_ids: list[BillbeeId] | None = Field(
        default=None,
        description="Only orders from these Billbee shop ids.",
        serialization_alias="shopId",
    )
    tags: list[str] | None = Field(
        default=None, description="Only orders with these tags.", serialization_alias="tag"
    )

    @model_validator(mode="after")
    def _date_ranges(self) -> Self:
        check_date_range(
            self.min_order_date, self.max_order_date, "min_order_date", "max_order_date"
        )
        check_date_range(
            self.modified_at_min, self.modified_at_max, "modified_at_min", "modified_at_max"
        )
        return self

    def filters_given(self) -> list[str]:
        """The filters set, in declaration order (GET /customers/{id}/orders and the search
        take none of them)."""
        return [name for name in OrderFilters.model_fields if getattr(self, name)]


class ListOrdersInput(OrderFilters):
    """Filters and paging for billbee_list_orders, or one customer, or a search."""

    customer_id: BillbeeId | None = Field(
        default=None,
        description="All orders of this Billbee customer id; alone, with paging.",
    )
    search: SearchTerm | None = Field(
        default=None,
        description=(
            "Free text over order number, invoice number, buyer and customer name, article "
            "texts; alone, page_size = most hits shown."
        ),
        serialization_alias="Term",
    )
    page: PageNumber = 1
    page_size: PageSize = 50

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        combined = self.filters_given()
        if self.customer_id is not None and (combined or self.search is not None):
            also = ", ".join([*combined, *(["search"] if self.search is not None else [])])
            raise ValueError(
                f"customer_id cannot be combined with {also}: Billbee lists a customer's orders "
                "with paging only. Call with customer_id (and page, page_size) alone, or drop "
                "customer_id."
            )
        if self.search is not None and (combined or self.page > 1):
            also = ", ".join([*combined, *(["page"] if self.page > 1 else [])])
            raise ValueError(
                f"search cannot be combined with {also}: Billbee's search takes only the term "
                "and is not paged. Call with search (and page_size, the most hits shown) alone, "
                "or drop search and use the filters."
            )
        return self


class OrdersAPI(BillbeeResource):
    """The wrapper's order reads (part of ``BillbeeAPIWrapper``)."""

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
        return self._get_page("/orders", Order, wire(ListOrdersInput, locals()))

    def list_customer_orders(
        self, customer_id: int, *, page: int = 1, page_size: int = 50
    ) -> Page[Order]:
        """One page of one customer's orders (``GET /customers/{id}/orders``)."""
        path = f"/customers/{int(customer_id)}/orders"
        query = wire(ListOrdersInput, {"page": page, "page_size": page_size})
        return self._get_page(path, Order, query)

    def search_orders(self, term: str) -> list[OrderSearchResult]:
        """Orders whose number, invoice number, buyer or customer name or article texts match
        ``term`` (``POST /search``, Type ``order``): brief records, as Billbee returns them."""
        query = wire(ListOrdersInput, {"search": clean_term(term, "term")})
        return self._search("order", "Orders", query, OrderSearchResult)


def order_line(order: Order) -> str:
    return " | ".join(
        (
            str(order.bill_bee_order_id),
            text(order.order_number, 30),
            describe_state(order.state),
            shop_name(order),
            day(order.created_at),
            money(order.total_cost, order.currency),
            customer_name(order),
        )
    )


def render_order_page(page: Page[Order]) -> Rendered:
    return render_page("orders", ORDER_COLUMNS, page, order_line)


class BillbeeListOrdersTool(BillbeeBaseTool[ListOrdersInput]):
    """List Billbee orders by date, state, shop, tag or customer, one compact line each.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeListOrdersTool

            tool = BillbeeListOrdersTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"order_state_ids": [3], "page_size": 5})
            # orders 1–5 of 8 (page 1 of 2); more with page=2
            # columns: BillBeeOrderId | order no. | state | shop | created | total | customer
            # 300000181057783 | 15-95563-59200 | 3 Zahlung_erhalten (paid) | eBay … | …

        Called with a ``ToolCall`` (as agents do), the result is a ``ToolMessage`` whose
        ``artifact`` holds the full records in Billbee's JSON field names.
    """

    name: str = "billbee_list_orders"
    description: str = (
        "List orders by filters (order or modified date, state, shop, tag), one customer's "
        "orders (customer_id) or free-text search hits (search). One line per order: "
        "BillBeeOrderId (the id other order tools take), order number, state, shop, date, "
        "total, customer; the header gives the paging position. For counts and totals use "
        f"billbee_summarize_orders. {STATE_IDS}"
    )
    args_schema: ArgsSchema | None = ListOrdersInput
    access: ClassVar[Access] = "read"
    not_found_hint: ClassVar[str] = (
        "Check customer_id with billbee_list_customers (search finds it by name or e-mail)."
    )
    example_args: ClassVar[Mapping[str, Any]] = {"order_state_ids": [1, 2, 3], "page_size": 5}

    def _call(self, args: ListOrdersInput) -> Rendered:
        api = self.api_wrapper
        if args.search is not None:
            hits = api.search_orders(args.search)
            return render_order_search(args.search, hits, args.page_size)
        if args.customer_id is not None:
            return render_order_page(
                api.list_customer_orders(args.customer_id, page=args.page, page_size=args.page_size)
            )
        return render_order_page(api.list_orders(**args.kwargs(exclude={"customer_id", "search"})))
