"""The brief records ``POST /search`` answers with, one model per result type."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from langchain_billbee._model_base import BillbeeModel

__all__ = ["CustomerSearchResult", "OrderSearchResult", "ProductSearchResult"]


class CustomerSearchResult(BillbeeModel):
    """A hit from ``POST /search``; ``addresses`` and ``number`` are text, as Billbee sends them."""

    id: int
    name: str | None = None
    addresses: str | None = None
    number: str | None = None


class OrderSearchResult(BillbeeModel):
    """An order hit from ``POST /search`` (``OrderResult``): a brief record, all text but the id.

    ``id`` is the BillBeeOrderId every order tool takes; ``external_reference`` is the shop's
    order number.
    """

    id: int
    external_reference: str | None = None
    buyer_name: str | None = None
    invoice_number: str | None = None
    customer_name: str | None = None
    article_texts: str | None = None


def _joined(value: Any) -> Any:
    # The spec types ProductResult.Tags as one string; a list would be the same tags.
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v is not None)
    return value


class ProductSearchResult(BillbeeModel):
    """A product hit from ``POST /search`` (``ProductResult``); ``id`` is the Billbee product id."""

    id: int
    short_text: str | None = None
    sku: str | None = None
    tags: Annotated[str | None, BeforeValidator(_joined)] = None
