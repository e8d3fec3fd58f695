"""Orders: list them (by filters or of one customer) and get one in detail.

Args schemas, the wrapper's order methods (``OrdersAPI``), the list renderer and the two tools;
the detailed view of one order is ``_format_order.render_order``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._resource import BillbeeResource
from langchain_billbee._wire import DateLike, parse_record, unwrap_data
from langchain_billbee.models import Order, Page
from langchain_billbee.order_states import STATE_ID_HELP, describe_state
from langchain_billbee.tools._args import (
    BillbeeId,
    IsoDate,
    IsoDateUntil,
    PageNumber,
    PageSize,
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
    lines,
    money,
    page_artifact,
    paging_header,
    shop_name,
    shown,
    text,
)
from langchain_billbee.tools._format_order import render_order

ORDER_COLUMNS = "BillBeeOrderId | order no. | state | shop | created | total | customer"
ORDER_ID_HINT = (
    "Check the BillBeeOrderId: it is Billbee's internal id (first column of billbee_list_orders), "
    "not the shop's order number. Use billbee_list_orders to find the order."
)
# The filters GET /customers/{id}/orders does not have (it takes only page and pageSize).
_ORDER_FILTERS = (
    "min_order_date",
    "max_order_date",
    "modified_at_min",
    "modified_at_max",
    "order_state_ids",
    "shop_ids",
    "tags",
)


class ListOrdersInput(ToolArgs):
    """Filters and paging for billbee_list_orders; every argument is optional."""

    min_order_date: IsoDate | None = Field(
        default=None, description="Only orders placed on or after this ISO 8601 date/date-time."
    )
    max_order_date: IsoDateUntil | None = Field(
        default=None,
        description="Only orders placed on or before this; a date alone includes that whole day.",
    )
    modified_at_min: IsoDate | None = Field(
        default=None, description="Only orders last modified on or after this ISO 8601 date/time."
    )
    modified_at_max: IsoDateUntil | None = Field(
        default=None,
        description="Only orders last modified on or before this; a date alone includes the day.",
    )
    order_state_ids: list[StateId] | None = Field(
        default=None,
        description="Only orders in these states, ids 1–17 (e.g. [3] = paid).",
        serialization_alias="orderStateId",
    )
    shop_ids: list[BillbeeId] | None = Field(
        default=None,
        description="Only orders from these Billbee shop (API account) ids.",
        serialization_alias="shopId",
    )
    tags: list[str] | None = Field(
        default=None, description="Only orders carrying these tags.", serialization_alias="tag"
    )
    customer_id: BillbeeId | None = Field(
        default=None,
        description=(
            "List the orders of this Billbee customer id (from billbee_list_customers). "
            "Billbee pages a customer's orders but cannot filter them: use alone, with paging."
        ),
    )
    page: PageNumber = 1
    page_size: PageSize = 50

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_date_range(
            self.min_order_date, self.max_order_date, "min_order_date", "max_order_date"
        )
        check_date_range(
            self.modified_at_min, self.modified_at_max, "modified_at_min", "modified_at_max"
        )
        combined = [name for name in _ORDER_FILTERS if getattr(self, name)]
        if self.customer_id is not None and combined:
            raise ValueError(
                f"customer_id cannot be combined with {', '.join(combined)}: Billbee lists a "
                "customer's orders with paging only. Call with customer_id (and page, page_size) "
                "alone, or drop customer_id and use the filters."
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

    def get_order(self, order_id: int) -> Order:
        """One order by its BillBeeOrderId (``GET /orders/{id}``).

        Billbee allows six fetches per order a minute; beyond that the last copy is returned
        when the order was not changed through this wrapper since, else the call waits.
        """
        order_id, path = int(order_id), f"/orders/{int(order_id)}"
        throttle, budget = self._throttles.orders, self._budget()
        payload = throttle.cached_if_saturated(order_id, budget, self.clock())
        if payload is None:
            generation = throttle.generation(order_id)
            payload = self._request(
                "GET", path, gate=lambda: budget.acquire("order", order_id, self._pause)
            )
            throttle.store(order_id, payload, generation, self.clock())
        return parse_record(Order, unwrap_data(payload), "GET", path)


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
    header = paging_header("orders", page, ORDER_COLUMNS)
    return lines(header, [order_line(o) for o in shown(page.items)]), page_artifact(page)


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
        "List Billbee orders, filtered by order date, modification date, state, shop or tag, "
        "or all orders of one customer (customer_id, which cannot be combined with filters). "
        "Returns a header with the paging position (e.g. 'orders 6–10 of 23 (page 2 of 5)') "
        "and one line per order: BillBeeOrderId (the id the other order tools take), order "
        "number, state, shop, order date, total and currency, customer. Billbee has no sort "
        f"order option. {STATE_ID_HELP}"
    )
    args_schema: ArgsSchema | None = ListOrdersInput
    access: ClassVar[Access] = "read"
    not_found_hint: ClassVar[str] = (
        "Check customer_id with billbee_list_customers (search finds it by name or e-mail)."
    )
    example_args: ClassVar[Mapping[str, Any]] = {"order_state_ids": [1, 2, 3], "page_size": 5}

    def _call(self, args: ListOrdersInput) -> Rendered:
        api = self.api_wrapper
        if args.customer_id is not None:
            return render_order_page(
                api.list_customer_orders(args.customer_id, page=args.page, page_size=args.page_size)
            )
        return render_order_page(api.list_orders(**args.kwargs(exclude={"customer_id"})))


class GetOrderInput(ToolArgs):
    """Which order billbee_get_order fetches."""

    order_id: BillbeeId = Field(
        description="BillBeeOrderId of the order (Billbee's internal id, not the order number)."
    )


class BillbeeGetOrderTool(BillbeeBaseTool[GetOrderInput]):
    """Fetch one order in detail: items, addresses, dates, tags, recent history.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeGetOrderTool

            tool = BillbeeGetOrderTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"order_id": 300000181057783})
            # order 300000181057783 (BillBeeOrderId) | order no. 15-95563-59200
            # state: 3 Zahlung_erhalten (paid) | shop: eBay kranich-kaffee
            # …

        Called with a ``ToolCall`` (as agents do), the result is a ``ToolMessage`` whose
        ``artifact`` holds the full records in Billbee's JSON field names.
    """

    name: str = "billbee_get_order"
    description: str = (
        "Get one Billbee order in detail by its BillBeeOrderId (from billbee_list_orders or "
        "billbee_list_invoices; not the shop's order number). Returns state, shop, dates "
        "(created, paid, shipped, modified), total with shipping and currency, invoice number, "
        "customer, city and country of the invoice and shipping addresses, every item with "
        "SKU, quantity and price, tags and the latest history entries."
    )
    args_schema: ArgsSchema | None = GetOrderInput
    access: ClassVar[Access] = "read"
    not_found_hint: ClassVar[str] = ORDER_ID_HINT
    # A shipped order of the sandbox's default shop.
    example_args: ClassVar[Mapping[str, Any]] = {"order_id": 300000180946418}

    def _call(self, args: GetOrderInput) -> Rendered:
        return render_order(self.api_wrapper.get_order(args.order_id))
