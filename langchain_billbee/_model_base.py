"""What every Billbee wire model is made of: the one snake_case → PascalCase bridge, naive
dates, and lists Billbee may send as ``null``. The models: :mod:`langchain_billbee.models`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from langchain_billbee._wire import naive

__all__ = ["BillbeeModel", "NaiveDatetime", "WireList", "to_wire_name"]

# Snake-case names whose PascalCase spelling Billbee does not derive mechanically.
_WIRE_NAME_EXCEPTIONS = {
    "bill_bee_order_id": "BillBeeOrderId",
    "bill_bee_parent_order_id": "BillBeeParentOrderId",
    "sku": "SKU",
    "invoice_sku": "InvoiceSKU",
    "ean": "EAN",
    "country_iso2": "CountryISO2",
    "taric_code": "TARICCode",
    "payed_at": "PayedAt",  # sic: Billbee's spelling, kept so the field name matches the docs
}


def to_wire_name(name: str) -> str:
    """Billbee's JSON name for a snake_case field name (``order_items`` → ``OrderItems``)."""
    special = _WIRE_NAME_EXCEPTIONS.get(name)
    if special is not None:
        return special
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


NaiveDatetime = Annotated[datetime, AfterValidator(naive)]
"""A datetime without tzinfo; offset-carrying input is converted to UTC first."""


def _empty_if_null(value: Any) -> Any:
    return [] if value is None else value


ItemT = TypeVar("ItemT")
WireList = Annotated[list[ItemT], BeforeValidator(_empty_if_null)]
"""A list Billbee may send as ``null``: read as empty.

The spec marks no array property required (``Order.OrderItems``, ``Tags``, ``History``,
``ArticleApiModel.Title``, ``Stocks`` ...), and .NET serializes an unset list as ``null``, as
the captured ``GET /orders`` page does for ``Images``.
"""


class BillbeeModel(BaseModel):
    """Base for wire models: PascalCase aliases, snake_case attributes, unknown fields kept."""

    model_config = ConfigDict(
        alias_generator=to_wire_name,
        populate_by_name=True,
        extra="allow",
    )
