"""Search hits as compact lines the model can act on (orders and products).

Billbee's search returns brief records (``OrderResult``, ``ProductResult``); each line starts
with the id the other tools take (BillBeeOrderId, Billbee product id). The artifact keeps every
hit Billbee returned, also those beyond the limit shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from langchain_billbee.models import OrderSearchResult, ProductSearchResult
from langchain_billbee.tools._format import Rendered, list_artifact, text

__all__ = ["render_order_search", "render_product_search"]

ORDER_HIT_COLUMNS = "BillBeeOrderId | order no. | invoice no. | buyer / customer | articles"
PRODUCT_HIT_COLUMNS = "id | SKU | title | tags"
H = TypeVar("H", OrderSearchResult, ProductSearchResult)


@dataclass(frozen=True)
class _Search(Generic[H]):
    """What differs between the order and the product search result: the words and the line."""

    noun: str
    hint: str
    columns: str
    line: Callable[[H], str]
    next_step: str

    def render(self, term: str, hits: Sequence[H], limit: int) -> Rendered:
        if not hits:
            return f"no {self.noun}s match {term!r}; {self.hint}", list_artifact(hits)
        rows = [
            _header(self.noun, term, len(hits), limit),
            f"columns: {self.columns}",
            *(self.line(hit) for hit in hits[:limit]),
            self.next_step,
        ]
        return "\n".join(rows), list_artifact(hits)


def _header(noun: str, term: str, total: int, limit: int) -> str:
    if total <= limit:
        return f"{total} {noun}(s) match {term!r}"
    return (
        f"{total} {noun}s match {term!r}, more hits than shown: the first {limit}; narrow the "
        "term or raise page_size (up to 250)"
    )


def _names(hit: OrderSearchResult) -> str:
    buyer, customer = hit.buyer_name, hit.customer_name
    if buyer and customer and buyer.casefold() != customer.casefold():
        return f"{text(buyer, 30)} / {text(customer, 30)}"
    return text(buyer or customer, 40)


def order_hit_line(hit: OrderSearchResult) -> str:
    return " | ".join(
        (
            str(hit.id),
            text(hit.external_reference, 30),
            text(hit.invoice_number, 20),
            _names(hit),
            text(hit.article_texts, 60),
        )
    )


def product_hit_line(hit: ProductSearchResult) -> str:
    return " | ".join(
        (str(hit.id), text(hit.sku, 30), text(hit.short_text, 60), text(hit.tags, 40))
    )


_ORDERS = _Search[OrderSearchResult](
    noun="order",
    hint="try part of the order number, the invoice number or the buyer's last name",
    columns=ORDER_HIT_COLUMNS,
    line=order_hit_line,
    next_step="state, totals and items: billbee_get_order with the BillBeeOrderId",
)
_PRODUCTS = _Search[ProductSearchResult](
    noun="product",
    hint="try part of the title, the SKU or the EAN",
    columns=PRODUCT_HIT_COLUMNS,
    line=product_hit_line,
    next_step="price and stock: billbee_list_products with the sku",
)


def render_order_search(term: str, hits: Sequence[OrderSearchResult], limit: int) -> Rendered:
    return _ORDERS.render(term, hits, limit)


def render_product_search(term: str, hits: Sequence[ProductSearchResult], limit: int) -> Rendered:
    return _PRODUCTS.render(term, hits, limit)
