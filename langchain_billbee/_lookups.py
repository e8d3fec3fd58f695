"""Finding records the way users name them: orders by number, products by SKU or EAN, and
search. Mixed into ``BillbeeAPIWrapper``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from langchain_billbee._errors import BillbeeAPIError, BillbeeNotFoundError
from langchain_billbee._transport import BillbeeTransport
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee.models import Order, OrderSearchResult, Product, ProductSearchResult

__all__ = ["MAX_TERM_LENGTH", "LookupsAPI"]

M = TypeVar("M", bound=BaseModel)

MAX_TERM_LENGTH = 200
"""Longest search term or order number sent; longer text is no order number or product name."""

ORDER_NOT_FOUND = 2
"""Billbee's ``ErrorCode`` OrderNotFound (official SDK's ``ErrorCodeEnum``)."""


def clean_term(value: str, name: str) -> str:
    """A search term or key with outer whitespace removed; empty or overlong is a ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise ValueError(f"{name} must not be empty")
    if len(text) > MAX_TERM_LENGTH:
        raise ValueError(f"{name} must be at most {MAX_TERM_LENGTH} characters")
    return text


def _segment(value: str) -> str:
    # Order numbers and SKUs may hold "/", "#" or spaces; each must stay one path segment.
    return quote(value, safe="")


class LookupsAPI(BillbeeTransport):
    """Orders by number, products by SKU or EAN, and search (see ``BillbeeAPIWrapper``)."""

    def get_order_by_number(self, number: str) -> Order:
        """One order by the shop's order number (``GET /orders/findbyextref/{extRef}``).

        ``number`` is what the shop, the marketplace and the buyer call the order (Billbee's
        ``OrderNumber``, its "external reference"), matched exactly. An unknown number raises
        :class:`BillbeeNotFoundError`, whichever way Billbee says so: HTTP 404, an empty
        ``Data`` or an OrderNotFound envelope (its docs do not say which it sends).
        """
        number = clean_term(number, "number")
        path = f"/orders/findbyextref/{_segment(number)}"
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
        return parse_record(Order, data, "GET", path)

    def search_orders(self, term: str) -> list[OrderSearchResult]:
        """Orders whose number, invoice number, buyer or customer name or article texts match
        ``term`` (``POST /search``, Type ``order``); brief records, as Billbee returns them."""
        return self._search("order", "Orders", clean_term(term, "term"), OrderSearchResult)

    def search_products(self, term: str) -> list[ProductSearchResult]:
        """Products whose SKU, title, EAN or tags match ``term`` (``POST /search``, Type
        ``product``); brief records (id, title, SKU, tags)."""
        return self._search("product", "Products", clean_term(term, "term"), ProductSearchResult)

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
        path, params = _product_path(product_id, sku, ean, billbee_id)
        payload = self._request("GET", path, params=params)
        return parse_record(Product, unwrap_data(payload), "GET", path)

    def _search(self, kind: str, key: str, term: str, model: type[M]) -> list[M]:
        body = {"Type": [kind], "Term": term}
        data = unwrap_data(self._request("POST", "/search", body=body)) or {}
        hits = data.get(key) if isinstance(data, Mapping) else None
        return [parse_record(model, hit, "POST", "/search") for hit in hits or []]


def _product_path(
    product_id: int | None, sku: str | None, ean: str | None, billbee_id: int | None
) -> tuple[str, dict[str, object]]:
    given = {
        name: value
        for name, value in (
            ("product_id", product_id),
            ("sku", sku),
            ("ean", ean),
            ("billbee_id", billbee_id),
        )
        if value is not None
    }
    if len(given) != 1:
        names = ", ".join(given) or "none"
        raise ValueError(f"get_product needs exactly one of sku, ean or billbee_id (got {names})")
    ((name, value),) = given.items()
    if name in ("product_id", "billbee_id"):
        if isinstance(value, bool) or int(value) < 1:
            raise ValueError(f"{name} must be a Billbee product id (a positive integer)")
        return f"/products/{int(value)}", {}
    text = clean_term(str(value), name)
    return f"/products/{_segment(text)}", {"lookupBy": name}
