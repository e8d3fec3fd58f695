"""Search hits as compact lines the model can act on (orders and products).

Billbee's search returns brief records (``OrderResult``, ``ProductResult``); each line starts
with the id the other tools take (BillBeeOrderId, Billbee product id). The artifact keeps every
hit Billbee returned, also those beyond the limit shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_billbee.models import OrderSearchResult, ProductSearchResult
from langchain_billbee.tools._format import Rendered, list_artifact, text

__all__ = ["render_order_search", "render_product_search"]

ORDER_HIT_COLUMNS = "BillBeeOrderId | order no. | invoice no. | buyer / customer | articles"
PRODUCT_HIT_COLUMNS = "id | SKU | title | tags"


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


def render_order_search(term: str, hits: Sequence[OrderSearchResult], limit: int) -> Rendered:
    if not hits:
        hint = "try part of the order number, the invoice number or the buyer's last name"
        return f"no orders match {term!r}; {hint}", list_artifact(hits)
    rows = [
        _header("order", term, len(hits), limit),
        f"columns: {ORDER_HIT_COLUMNS}",
        *(order_hit_line(hit) for hit in hits[:limit]),
        "state, totals and items: billbee_get_order with the BillBeeOrderId",
    ]
    return "\n".join(rows), list_artifact(hits)


def product_hit_line(hit: ProductSearchResult) -> str:
    return " | ".join(
        (str(hit.id), text(hit.sku, 30), text(hit.short_text, 60), text(hit.tags, 40))
    )


def render_product_search(term: str, hits: Sequence[ProductSearchResult], limit: int) -> Rendered:
    if not hits:
        hint = "try part of the title, the SKU or the EAN"
        return f"no products match {term!r}; {hint}", list_artifact(hits)
    rows = [
        _header("product", term, len(hits), limit),
        f"columns: {PRODUCT_HIT_COLUMNS}",
        *(product_hit_line(hit) for hit in hits[:limit]),
        "price and stock: billbee_list_products with the sku",
    ]
    return "\n".join(rows), list_artifact(hits)
