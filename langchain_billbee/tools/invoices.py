"""Invoices: list them by invoice or payment date, shop or order state.

Args schema, the wrapper's invoice method (``InvoicesAPI``), the renderer and the tool.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._caches import Gate
from langchain_billbee._resource import BillbeeResource, Via
from langchain_billbee._wire import DateLike, encode_params
from langchain_billbee.models import Invoice, InvoicePosition, Page
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
    day,
    money,
    quantity,
    render_page,
    text,
)

POSITIONS_SHOWN = 25
"""Invoice lines shown per invoice; the rest stay in the artifact."""
INVOICE_COLUMNS = "invoice no. | date | BillBeeOrderId | order no. | total gross | paid | shop"


class ListInvoicesInput(ToolArgs):
    """Filters and paging for billbee_list_invoices; every argument is optional."""

    min_invoice_date: IsoDate | None = Field(
        default=None, description="Only invoices dated on or after this ISO date/time."
    )
    max_invoice_date: IsoDateUntil | None = Field(
        default=None,
        description="Only invoices dated on or before this; a date alone includes that day.",
    )
    min_pay_date: IsoDate | None = Field(
        default=None, description="Only invoices paid on or after this ISO date/time."
    )
    max_pay_date: IsoDateUntil | None = Field(
        default=None,
        description="Only invoices paid on or before this; a date alone includes that day.",
    )
    shop_ids: list[BillbeeId] | None = Field(
        default=None,
        description="Only invoices of orders from these Billbee shop ids.",
        serialization_alias="shopId",
    )
    order_state_ids: list[StateId] | None = Field(
        default=None,
        description="Only invoices of orders in these states, ids 1–17.",
        serialization_alias="orderStateId",
    )
    include_positions: bool = Field(
        default=False, description="Also list each invoice's positions (SKU, quantity, amount)."
    )
    page: PageNumber = 1
    page_size: PageSize = 50

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_date_range(
            self.min_invoice_date, self.max_invoice_date, "min_invoice_date", "max_invoice_date"
        )
        check_date_range(self.min_pay_date, self.max_pay_date, "min_pay_date", "max_pay_date")
        return self


class InvoicesAPI(BillbeeResource):
    """The wrapper's invoice read (part of ``BillbeeAPIWrapper``)."""

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
        query = wire(ListInvoicesInput, locals())
        via = self._invoice_slot((page, query.get("minInvoiceDate")))
        return self._get_page("/orders/invoices", Invoice, query, via=via)

    def _invoice_slot(self, slot: tuple[int, object]) -> Via:
        """Through this wrapper's invoice cache, waiting for the (page, minInvoiceDate) slot."""
        budget = self._budget()

        def take_slot() -> None:
            budget.acquire("invoices", slot, self._pause)

        def via(query: Mapping[str, object], request: Callable[[Gate], Any]) -> Any:
            key = tuple(encode_params(query))
            return self._throttles.invoices.fetch(key, slot, request, take_slot, self.clock)

        return via


def invoice_line(invoice: Invoice) -> str:
    paid = f"paid {day(invoice.pay_date)}" if invoice.pay_date is not None else "unpaid"
    return " | ".join(
        (
            text(invoice.invoice_number, 30),
            day(invoice.invoice_date),
            text(invoice.billbee_id),
            text(invoice.order_number, 30),
            money(invoice.total_gross, invoice.currency),
            paid,
            text(invoice.shop_name, 30),
        )
    )


def position_line(position: InvoicePosition) -> str:
    return (
        f"  - {quantity(position.amount)} × {text(position.sku, 30)} "
        f"{text(position.title, 50)} = {money(position.total_gross_value)}"
    )


def invoice_rows(invoice: Invoice) -> str:
    """The invoice's line, then its first positions (when asked for) one per line."""
    positions = invoice.positions or []
    rows = [invoice_line(invoice), *(position_line(p) for p in positions[:POSITIONS_SHOWN])]
    if len(positions) > POSITIONS_SHOWN:
        rows.append(f"  … {len(positions) - POSITIONS_SHOWN} more positions in the artifact")
    return "\n".join(rows)


def render_invoice_page(page: Page[Invoice]) -> Rendered:
    return render_page("invoices", INVOICE_COLUMNS, page, invoice_rows)


class BillbeeListInvoicesTool(BillbeeBaseTool[ListInvoicesInput]):
    """List invoices with number, date, order, gross total and payment date.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeListInvoicesTool

            tool = BillbeeListInvoicesTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"min_invoice_date": "2026-06-01", "page_size": 5})
            # invoices 1–5 of 205 (page 1 of 41); more with page=2
            # columns: invoice no. | date | BillBeeOrderId | order no. | total gross | paid | shop
            # RE-2026-1032 | 2026-06-01 | 300000180960684 | 302-5185752-1554840 | 119.50 EUR | …

        Called with a ``ToolCall`` (as agents do), the result is a ``ToolMessage`` whose
        ``artifact`` holds the full records in Billbee's JSON field names.
    """

    name: str = "billbee_list_invoices"
    description: str = (
        "List invoices by invoice date, pay date, shop or order state, one line each: invoice "
        "number, date, BillBeeOrderId and order number, gross total, pay date or 'unpaid', "
        "shop; include_positions adds the lines. Billbee answers one list per page and "
        "min_invoice_date a minute: a repeat returns the same answer, other filters wait."
    )
    args_schema: ArgsSchema | None = ListInvoicesInput
    access: ClassVar[Access] = "read"
    example_args: ClassVar[Mapping[str, Any]] = {"min_invoice_date": "2026-10-01", "page_size": 5}

    def _call(self, args: ListInvoicesInput) -> Rendered:
        return render_invoice_page(self.api_wrapper.list_invoices(**args.kwargs()))
