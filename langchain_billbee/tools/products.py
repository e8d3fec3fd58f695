"""Products: list the article catalogue with price and stock, one by SKU or EAN, or a search.

Args schema, the wrapper's product methods (``ProductsAPI``), the renderer and the tool;
search hits and single lookups are rendered by :mod:`._format_search`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._resource import BillbeeResource, clean_term, path_segment
from langchain_billbee._wire import DateLike, parse_record, unwrap_data
from langchain_billbee.models import Page, Product, ProductSearchResult
from langchain_billbee.tools._args import IsoDate, PageNumber, PageSize, SearchTerm, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import (
    Rendered,
    as_decimal,
    extra,
    list_artifact,
    money,
    quantity,
    render_page,
    text,
)
from langchain_billbee.tools._format_search import render_product_search

PRODUCT_COLUMNS = "id | SKU | title | price | stock"


_LOOKUPS = ("sku", "ean", "search")


class ListProductsInput(ToolArgs):
    """Paging with Billbee's one product filter, or one product by SKU or EAN, or a search."""

    page: PageNumber = 1
    page_size: PageSize = 50
    min_created_at: IsoDate | None = Field(
        default=None, description="Only products created on or after this ISO date/time."
    )
    sku: SearchTerm | None = Field(default=None, description="Exactly this SKU: one product.")
    ean: SearchTerm | None = Field(default=None, description="Exactly this EAN: one product.")
    search: SearchTerm | None = Field(
        default=None,
        description="Free text over SKU, title, EAN, tags; page_size = most hits shown.",
        serialization_alias="Term",
    )

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        given = [name for name in _LOOKUPS if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(
                f"give at most one of sku, ean or search (got {', '.join(given)}): sku and ean "
                "find one product exactly, search matches part of SKU, title, EAN or tags"
            )
        if given and (self.page > 1 or self.min_created_at is not None):
            extra = "page" if self.page > 1 else "min_created_at"
            raise ValueError(
                f"{given[0]} cannot be combined with {extra}: it is one lookup, not a paged "
                f"list. Call with {given[0]} alone, or drop it to page through the products."
            )
        return self


class ProductsAPI(BillbeeResource):
    """The wrapper's product reads (part of ``BillbeeAPIWrapper``)."""

    def list_products(
        self, *, page: int = 1, page_size: int = 50, min_created_at: DateLike | None = None
    ) -> Page[Product]:
        """One page of products (``GET /products``), optionally created on or after a date."""
        return self._get_page("/products", Product, wire(ListProductsInput, locals()))

    def get_product(
        self,
        product_id: int | None = None,
        *,
        sku: str | None = None,
        ean: str | None = None,
        billbee_id: int | None = None,
    ) -> Product:
        """One product by Billbee id, SKU or EAN (``GET /products/{id}?lookupBy=id|sku|ean``).

        Give exactly one: ``get_product(123)`` and ``get_product(billbee_id=123)`` are the same,
        ``get_product(sku="KR-01-250")``, ``get_product(ean="4260000000017")``.
        """
        path, query = _product_path(product_id, sku, ean, billbee_id)
        payload = self._request("GET", path, params=query)
        return parse_record(Product, unwrap_data(payload), "GET", path)

    def search_products(self, term: str) -> list[ProductSearchResult]:
        """Products whose SKU, title, EAN or tags match ``term`` (``POST /search``, Type
        ``product``): brief records (id, title, SKU, tags)."""
        query = wire(ListProductsInput, {"search": clean_term(term, "term")})
        return self._search("product", "Products", query, ProductSearchResult)


def _product_path(
    product_id: int | None, sku: str | None, ean: str | None, billbee_id: int | None
) -> tuple[str, dict[str, object]]:
    keys = {"product_id": product_id, "sku": sku, "ean": ean, "billbee_id": billbee_id}
    given = {name: value for name, value in keys.items() if value is not None}
    if len(given) != 1:
        names = ", ".join(given) or "none"
        raise ValueError(f"get_product needs exactly one of sku, ean or billbee_id (got {names})")
    ((name, value),) = given.items()
    if name in ("product_id", "billbee_id"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a Billbee product id (a positive integer)")
        return f"/products/{value}", {}
    # lookupBy is the spec's query parameter; its values are the key names.
    return f"/products/{path_segment(clean_term(str(value), name))}", {"lookupBy": name}


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
    return render_page("products", PRODUCT_COLUMNS, page, product_line)


def render_product_lookup(product: Product, by: str, value: str) -> Rendered:
    """One product found by its SKU or EAN, in the list's line format."""
    header = f"product with {by} {value!r}\ncolumns: {PRODUCT_COLUMNS}"
    return f"{header}\n{product_line(product)}", list_artifact([product])


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
        "List products page by page, or get one by sku or ean, or search them. Lines: Billbee "
        "product id, SKU, title (DE / EN), gross price, stock flagged OUT OF STOCK or LOW "
        "(search hits: id, SKU, title, tags). Use the SKU or id with billbee_update_stock."
    )
    args_schema: ArgsSchema | None = ListProductsInput
    access: ClassVar[Access] = "read"
    example_args: ClassVar[Mapping[str, Any]] = {"page_size": 5}
    not_found_hint: ClassVar[str] = (
        "No product has exactly this SKU or EAN. Call billbee_list_products with search set to "
        "part of it (the search also matches titles and tags)."
    )

    def _call(self, args: ListProductsInput) -> Rendered:
        api = self.api_wrapper
        if args.sku is not None:
            return render_product_lookup(api.get_product(sku=args.sku), "SKU", args.sku)
        if args.ean is not None:
            return render_product_lookup(api.get_product(ean=args.ean), "EAN", args.ean)
        if args.search is not None:
            hits = api.search_products(args.search)
            return render_product_search(args.search, hits, args.page_size)
        return render_product_page(api.list_products(**args.kwargs(exclude=set(_LOOKUPS))))
