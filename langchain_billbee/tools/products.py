"""Products: list the article catalogue with price and stock.

Args schema, the wrapper's product methods (``ProductsAPI``), the renderer and the tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field

from langchain_billbee._resource import BillbeeResource
from langchain_billbee._wire import DateLike
from langchain_billbee.models import Page, Product
from langchain_billbee.tools._args import IsoDate, PageNumber, PageSize, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import (
    Rendered,
    as_decimal,
    extra,
    lines,
    money,
    page_artifact,
    paging_header,
    quantity,
    shown,
    text,
)

PRODUCT_COLUMNS = "id | SKU | title | price | stock"


class ListProductsInput(ToolArgs):
    """Paging and the one filter Billbee offers for products."""

    page: PageNumber = 1
    page_size: PageSize = 50
    min_created_at: IsoDate | None = Field(
        default=None, description="Only products created on or after this ISO 8601 date/time."
    )


class ProductsAPI(BillbeeResource):
    """The wrapper's product list (part of ``BillbeeAPIWrapper``; one product by id, SKU or EAN
    is ``LookupsAPI.get_product``)."""

    def list_products(
        self, *, page: int = 1, page_size: int = 50, min_created_at: DateLike | None = None
    ) -> Page[Product]:
        """One page of products (``GET /products``), optionally created on or after a date."""
        return self._get_page("/products", Product, wire(ListProductsInput, locals()))


def product_title(product: Product) -> str:
    """German and English title when both exist: the shop's two audiences name it differently."""
    german, english = product.title_text("DE"), product.title_text("EN")
    if german and english and german != english:
        return f"{text(german, 40)} / EN: {text(english, 40)}"
    return text(german or english or product.title_text(), 60)


def stock_state(product: Product) -> str:
    current = product.stock_current
    if current is None:
        return "stock unknown"
    label = f"stock {quantity(current)}"
    warning = as_decimal(extra(product, "StockWarning"))  # undeclared, so not typed by the model
    if current <= 0:
        return f"{label} (OUT OF STOCK)"
    if warning is not None and warning.is_finite() and current <= warning:
        return f"{label} (LOW, warning level {quantity(warning)})"
    return label


def product_line(product: Product) -> str:
    sku = text(product.sku, 30)
    price = money(product.price)
    return f"{product.id} | {sku} | {product_title(product)} | {price} | {stock_state(product)}"


def render_product_page(page: Page[Product]) -> Rendered:
    header = paging_header("products", page, PRODUCT_COLUMNS)
    return lines(header, [product_line(p) for p in shown(page.items)]), page_artifact(page)


class BillbeeListProductsTool(BillbeeBaseTool[ListProductsInput]):
    """List products with SKU, title, price and current stock.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

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
    example_args: ClassVar[Mapping[str, Any]] = {"page_size": 5}

    def _call(self, args: ListProductsInput) -> Rendered:
        return render_product_page(self.api_wrapper.list_products(**args.kwargs()))
