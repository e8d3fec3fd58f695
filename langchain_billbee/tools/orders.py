"""Order tools: list, get, change state, and the order-state table."""

from __future__ import annotations

from typing import ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee.order_states import STATE_ID_HELP
from langchain_billbee.tools._args import (
    BillbeeId,
    IsoDate,
    IsoDateUntil,
    PageNumber,
    PageSize,
    StateId,
    ToolArgs,
    check_date_range,
)
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import (
    Rendered,
    render_order_page,
    render_order_states,
    render_state_change,
)
from langchain_billbee.tools._format_order import render_order

_ORDER_ID_HINT = (
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
        default=None, description="Only orders in these states, ids 1–17 (e.g. [3] = paid)."
    )
    shop_ids: list[BillbeeId] | None = Field(
        default=None, description="Only orders from these Billbee shop (API account) ids."
    )
    tags: list[str] | None = Field(default=None, description="Only orders carrying these tags.")
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


class BillbeeListOrdersTool(BillbeeBaseTool[ListOrdersInput]):
    """List Billbee orders by date, state, shop, tag or customer, one compact line each.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

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

    def _call(self, args: ListOrdersInput) -> Rendered:
        if args.customer_id is not None:
            return render_order_page(
                self.api_wrapper.list_customer_orders(
                    args.customer_id, page=args.page, page_size=args.page_size
                )
            )
        return render_order_page(
            self.api_wrapper.list_orders(
                min_order_date=args.min_order_date,
                max_order_date=args.max_order_date,
                modified_at_min=args.modified_at_min,
                modified_at_max=args.modified_at_max,
                order_state_ids=args.order_state_ids or None,
                shop_ids=args.shop_ids or None,
                tags=args.tags or None,
                page=args.page,
                page_size=args.page_size,
            )
        )


class GetOrderInput(ToolArgs):
    """Which order billbee_get_order fetches."""

    order_id: BillbeeId = Field(
        description="BillBeeOrderId of the order (Billbee's internal id, not the order number)."
    )


class BillbeeGetOrderTool(BillbeeBaseTool[GetOrderInput]):
    """Fetch one order in detail: items, addresses, dates, tags, recent history.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

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
    not_found_hint: ClassVar[str] = _ORDER_ID_HINT

    def _call(self, args: GetOrderInput) -> Rendered:
        return render_order(self.api_wrapper.get_order(args.order_id))


class UpdateOrderStateInput(ToolArgs):
    """Which order gets which state in billbee_update_order_state."""

    order_id: BillbeeId = Field(description="BillBeeOrderId of the order to change.")
    new_state_id: StateId = Field(
        description="The state to set, a Billbee order-state id 1–17 (3 = paid, 4 = shipped)."
    )


class BillbeeUpdateOrderStateTool(BillbeeBaseTool[UpdateOrderStateInput]):
    """Set an order's state; a write that Billbee pushes to the connected shop.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeUpdateOrderStateTool

            tool = BillbeeUpdateOrderStateTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"order_id": 300000181057783, "new_state_id": 4})
            # order 300000181057783: state set to 4 Versendet (shipped). Billbee passes …

        Gate it behind human approval: ``BillbeeToolkit.interrupt_on()``.
    """

    name: str = "billbee_update_order_state"
    description: str = (
        "Change the state of one Billbee order, e.g. mark it paid (3) or shipped (4). This "
        "WRITES live data: Billbee pushes the new state to the connected shop or marketplace, "
        "which may notify the buyer. Only use it when the user asked for this change. Setting "
        "the state an order already has is harmless. Returns a confirmation naming the new "
        f"state. {STATE_ID_HELP}"
    )
    args_schema: ArgsSchema | None = UpdateOrderStateInput
    access: ClassVar[Access] = "write"
    review_note: ClassVar[str] = (
        "Changes an order's state in Billbee. Billbee pushes the new state to the connected "
        "shop or marketplace, which may notify the buyer."
    )
    not_found_hint: ClassVar[str] = _ORDER_ID_HINT
    verify_hint: ClassVar[str] = "the order's current state with billbee_get_order"

    def _call(self, args: UpdateOrderStateInput) -> Rendered:
        self.api_wrapper.update_order_state(args.order_id, args.new_state_id)
        return render_state_change(args.order_id, args.new_state_id)


class GetOrderStatesInput(ToolArgs):
    """billbee_get_order_states takes no arguments."""


class BillbeeGetOrderStatesTool(BillbeeBaseTool[GetOrderStatesInput]):
    """Billbee's order-state table as the account's API reports it.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeGetOrderStatesTool

            tool = BillbeeGetOrderStatesTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({})
            # 17 order states (id, Billbee name, English):
            # 1 Bestellt (ordered)
            # …
    """

    name: str = "billbee_get_order_states"
    description: str = (
        "List Billbee's order states as the API reports them: id, Billbee name and English "
        "label. Rarely needed, because the ids are fixed and listed here already: "
        f"{STATE_ID_HELP}"
    )
    args_schema: ArgsSchema | None = GetOrderStatesInput
    access: ClassVar[Access] = "read"

    def _call(self, args: GetOrderStatesInput) -> Rendered:
        return render_order_states(self.api_wrapper.get_order_states())
