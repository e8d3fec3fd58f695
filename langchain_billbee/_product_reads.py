"""Reading the products a stock change names, at most one read per product.

One product is read by its SKU or id (``GET /products/{id}?lookupBy=…``). For many, walking
the catalogue 250 at a time is cheaper once it has fewer pages than there are products to find
(a 200-SKU stock-take on a 1,000-product shop: 4 pages instead of 200 reads). Either way the
reads never exceed the number of products asked for: that budget is what an approval preview,
a dry run or an ``expected_quantity`` check may cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from langchain_billbee._errors import BillbeeError, BillbeeNotFoundError
from langchain_billbee.models import Product

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["ProductKey", "ProductReads", "product_by_key", "read_products"]

ProductKey = tuple[str, str]
"""``("sku", "KR-01-250")`` or ``("id", "300000065756255")``."""

_WALK_FROM = 4  # below this many products, single reads cost no more than one catalogue page
_PAGE = 250


@dataclass
class ProductReads:
    """What the reads found: products, keys Billbee has no product for, and read errors."""

    found: dict[ProductKey, Product] = field(default_factory=dict)
    absent: set[ProductKey] = field(default_factory=set)
    errors: dict[ProductKey, str] = field(default_factory=dict)
    reads: int = 0

    def why_missing(self, key: ProductKey) -> str:
        if key in self.absent:
            return f"Billbee has no product with {_name(key)}"
        return self.errors.get(key, "not read")


def _name(key: ProductKey) -> str:
    return f"SKU {key[1]}" if key[0] == "sku" else f"id {key[1]}"


def product_by_key(api: BillbeeAPIWrapper, key: ProductKey) -> Product:
    """One product by SKU or id; ``BillbeeNotFoundError`` when Billbee has none."""
    kind, value = key
    return api.get_product(int(value)) if kind == "id" else api.get_product(sku=value)


def read_products(api: BillbeeAPIWrapper, keys: Sequence[ProductKey]) -> ProductReads:
    """Read each product in ``keys`` with at most ``len(keys)`` requests."""
    reads = ProductReads()
    wanted = list(dict.fromkeys(keys))
    if len(wanted) >= _WALK_FROM:
        _walk_catalogue(api, wanted, reads)
    for key in wanted:
        if key in reads.found or key in reads.absent or reads.reads >= len(wanted):
            continue
        reads.reads += 1
        try:
            reads.found[key] = product_by_key(api, key)
        except BillbeeNotFoundError:
            reads.absent.add(key)
        except BillbeeError as err:
            reads.errors[key] = _short(err)
    return reads


def _walk_catalogue(api: BillbeeAPIWrapper, wanted: list[ProductKey], reads: ProductReads) -> None:
    """Pages of 250 while they are cheaper than single reads of the products still missing."""
    page = 1
    while True:
        missing = [k for k in wanted if k not in reads.found]
        if not missing or reads.reads >= len(wanted):
            return
        reads.reads += 1
        try:
            listing = api.list_products(page=page, page_size=_PAGE)
        except BillbeeError as err:
            for key in missing:
                reads.errors.setdefault(key, _short(err))
            return
        for product in listing.items:
            for key in (("sku", product.sku or ""), ("id", str(product.id))):
                if key in missing:
                    reads.found[key] = product
        if not listing.has_more:
            reads.absent.update(k for k in wanted if k not in reads.found)
            return
        pages_left = listing.total_pages - page
        if pages_left > len([k for k in wanted if k not in reads.found]):
            return  # single reads of the rest are cheaper than the remaining pages
        page += 1


def _short(error: BillbeeError) -> str:
    status = f"HTTP {error.status_code}" if error.status_code else type(error).__name__
    return f"Billbee could not be read: {status}"
