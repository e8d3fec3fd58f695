"""One order in detail, by Billbee's id or by the shop's order number.

Args schema, the wrapper's single-order reads (``OrderDetailAPI``) and the tool; the detailed
view is rendered by :mod:`._format_order`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._errors import BillbeeAPIError, BillbeeError, BillbeeNotFoundError
from langchain_billbee._resource import BillbeeResource, clean_term, path_segment
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee.models import Order
from langchain_billbee.tools._args import BillbeeId, SearchTerm, ToolArgs
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered
from langchain_billbee.tools._format_order import render_order

ORDER_ID_HINT = (
    "Check the BillBeeOrderId: it is Billbee's internal id (first column of billbee_list_orders), "
    "not the shop's order number. For an order number, billbee_get_order(order_number=...) "
    "returns the order and its BillBeeOrderId in one call."
)
NUMBER_NOT_FOUND_HINT = (
    "check the number with the user, or call billbee_list_orders with search set to the "
    "number: the search also finds partial numbers, invoice numbers and buyer names."
)

ORDER_NOT_FOUND = 2
"""Billbee's ``ErrorCode`` OrderNotFound (the official SDK's ``ErrorCodeEnum``)."""


class OrderDetailAPI(BillbeeResource):
    """The wrapper's single-order reads (part of ``BillbeeAPIWrapper``)."""

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
        order = parse_record(Order, unwrap_data(payload), "GET", path)
        self._recent_orders.remember(order)  # a later write's audit record names it from this
        return order

    def get_order_by_number(self, number: str) -> Order:
        """One order by the shop's order number (``GET /orders/findbyextref/{extRef}``).

        ``number`` is what the shop, the marketplace and the buyer call the order (Billbee's
        ``OrderNumber``, its "external reference"), matched exactly. An unknown number raises
        :class:`BillbeeNotFoundError`, whichever way Billbee says so: HTTP 404, an empty
        ``Data`` or an OrderNotFound envelope (its docs do not say which it sends).
        """
        number = clean_term(number, "number")
        path = f"/orders/findbyextref/{path_segment(number)}"
        try:
            data = unwrap_data(self._request("GET", path))
        except BillbeeNotFoundError:
            data = None
        except BillbeeAPIError as err:
            if err.error_code != ORDER_NOT_FOUND:
                raise
            data = None
        if not data:
            raise BillbeeNotFoundError(
                message=f"Billbee has no order with the number {number!r}. Order numbers are "
                "matched exactly as the shop shows them; search_orders also finds partial "
                "numbers, invoice numbers and names.",
                status_code=404,
                method="GET",
                path=path,
            )
        order = parse_record(Order, data, "GET", path)
        self._recent_orders.remember(order)  # as get_order: a later write's audit names it
        return order


class GetOrderInput(ToolArgs):
    """Which order billbee_get_order fetches: by Billbee's id or by the shop's order number."""

    order_id: BillbeeId | None = Field(
        default=None, description="BillBeeOrderId (Billbee's id, first column of order lists)."
    )
    order_number: SearchTerm | None = Field(
        default=None,
        description="Or the shop's order number, as buyer and shop know it (e.g. 15-95563-59200).",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.order_id is None) == (self.order_number is None):
            given = "both" if self.order_id is not None else "neither"
            raise ValueError(
                f"give exactly one of order_id or order_number (got {given}): order_id is "
                "Billbee's BillBeeOrderId, order_number the shop's number such as 15-95563-59200"
            )
        return self


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

            tool.invoke({"order_number": "15-95563-59200"})  # or {"order_id": 300000181057783}
            # order 300000181057783 (BillBeeOrderId) | order no. 15-95563-59200
            # state: 3 Zahlung_erhalten (paid) | shop: eBay kranich-kaffee
            # …

        Called with a ``ToolCall`` (as agents do), the result is a ``ToolMessage`` whose
        ``artifact`` holds the full records in Billbee's JSON field names.
    """

    name: str = "billbee_get_order"
    description: str = (
        "Get one order in detail by order_id (BillBeeOrderId) or order_number (the shop's "
        "number, one request); give exactly one. Returns BillBeeOrderId, state, shop, dates, "
        "total, paid amount, invoice number, customer, invoice and shipping city and country, "
        "items with SKU, quantity and price, tags, latest history."
    )
    args_schema: ArgsSchema | None = GetOrderInput
    access: ClassVar[Access] = "read"
    not_found_hint: ClassVar[str] = ORDER_ID_HINT
    # A shipped order of the sandbox's default shop.
    example_args: ClassVar[Mapping[str, Any]] = {"order_id": 300000180946418}

    def _call(self, args: GetOrderInput) -> Rendered:
        if args.order_number is not None:
            return render_order(self.api_wrapper.get_order_by_number(args.order_number))
        assert args.order_id is not None  # exactly one of the two, checked by the schema
        return render_order(self.api_wrapper.get_order(args.order_id))

    def _explain(self, error: BillbeeError) -> str:
        if isinstance(error, BillbeeNotFoundError) and "/findbyextref/" in (error.path or ""):
            # The wrapper's message names the number; the next step is the tool's to give.
            return f"{self.name}: {error.message}\nNext step: {NUMBER_NOT_FOUND_HINT}"
        return super()._explain(error)
