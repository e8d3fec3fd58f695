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
    """List products with SKU, title, price and current stock."""

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
