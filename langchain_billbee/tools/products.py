"""Product tool: list the article catalogue with price and stock."""

from __future__ import annotations

from typing import ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field

from langchain_billbee.tools._args import IsoDate, PageNumber, PageSize, ToolArgs
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered, render_product_page


class ListProductsInput(ToolArgs):
    """Paging and the one filter Billbee offers for products."""

    page: PageNumber = 1
    page_size: PageSize = 50
    min_created_at: IsoDate | None = Field(
        default=None, description="Only products created on or after this ISO 8601 date/time."
    )


class BillbeeListProductsTool(BillbeeBaseTool[ListProductsInput]):
    """List products with SKU, title, price and current stock.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeListProductsTool

            tool = BillbeeListProductsTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"page_size": 5})
            # products 1–5 of 56 (page 1 of 12); more with page=2
            # columns: id | SKU | title | price | stock
            # 300000065756255 | KR-01-250 | Espresso Napoli 250 g | 7.90 | stock 0 (OUT OF STOCK)

        Called with a ``ToolCall`` (as agents do), the result is a ``ToolMessage`` whose
        ``artifact`` holds the full records in Billbee's JSON field names.
    """

    name: str = "billbee_list_products"
    description: str = (
        "List the products (articles) of the Billbee account, one page at a time. Returns a "
        "header with the paging position and one line per product: Billbee product id, SKU, "
        "title (German / English when both exist), gross price, current stock flagged "
        "OUT OF STOCK or LOW. Use the SKU or product id with billbee_update_stock."
    )
    args_schema: ArgsSchema | None = ListProductsInput
    access: ClassVar[Access] = "read"

    def _call(self, args: ListProductsInput) -> Rendered:
        return render_product_page(
            self.api_wrapper.list_products(
                page=args.page, page_size=args.page_size, min_created_at=args.min_created_at
            )
        )
