"""Pydantic models for the Billbee records the tools read.

Wire names are PascalCase and Python names snake_case, bridged by one alias generator with a
small table for Billbee's irregular casing (``BillBeeOrderId``, ``SKU``, ``CountryISO2`` ...).
Every model keeps fields it does not declare (``extra="allow"``), so nothing Billbee sends is
lost from a tool's artifact.

Money and quantities are :class:`~decimal.Decimal` with the scale Billbee sent (``30.000``).
Dates are **naive** :class:`~datetime.datetime`: Billbee sends them without a time zone and does
not document which one it means, so no zone is invented. The rare value that does carry an
offset is converted to UTC and then made naive, so all values compare with each other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from langchain_billbee._model_base import BillbeeModel, NaiveDatetime, WireList, to_wire_name
from langchain_billbee._paging import Page
from langchain_billbee._search_models import (
    CustomerSearchResult,
    OrderSearchResult,
    ProductSearchResult,
)
from langchain_billbee.order_states import ORDER_STATES

__all__ = [
    "Address",
    "BillbeeModel",
    "Customer",
    "CustomerSearchResult",
    "HistoryEntry",
    "Invoice",
    "InvoicePosition",
    "MultiLanguageText",
    "NaiveDatetime",
    "Order",
    "OrderItem",
    "OrderSearchResult",
    "OrderState",
    "OrderUser",
    "Page",
    "Product",
    "ProductSearchResult",
    "ProductStock",
    "SoldProduct",
    "StockUpdateResult",
    "to_wire_name",
]


class Address(BillbeeModel):
    billbee_id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    name_addition: str | None = None
    street: str | None = None
    house_number: str | None = None
    zip: str | None = None
    city: str | None = None
    country_iso2: str | None = None
    country: str | None = None
    email: str | None = None
    phone: str | None = None


class SoldProduct(BillbeeModel):
    """The product as sold in an order line; its title is plain text, unlike :class:`Product`."""

    id: str | None = None
    billbee_id: int | None = None
    title: str | None = None
    sku: str | None = None
    ean: str | None = None


class OrderItem(BillbeeModel):
    billbee_id: int | None = None
    product: SoldProduct | None = None
    quantity: Decimal | None = None
    total_price: Decimal | None = None
    tax_amount: Decimal | None = None
    discount: Decimal | None = None


class OrderUser(BillbeeModel):
    """Seller or buyer of an order; ``id`` is a string (a GUID for manual orders)."""

    platform: str | None = None
    billbee_shop_name: str | None = None
    billbee_shop_id: int | None = None
    id: str | None = None
    full_name: str | None = None
    email: str | None = None


class Customer(BillbeeModel):
    id: int | None = None
    name: str | None = None
    email: str | None = None
    number: int | None = None
    tel1: str | None = None
    vat_id: str | None = None
    type: int | None = None
    archived_at: NaiveDatetime | None = None


class HistoryEntry(BillbeeModel):
    created: NaiveDatetime | None = None
    event_type_name: str | None = None
    text: str | None = None


class Order(BillbeeModel):
    """A Billbee order; ``bill_bee_order_id`` is the id every order operation takes."""

    bill_bee_order_id: int
    id: str | None = None
    order_number: str | None = None
    state: int
    created_at: NaiveDatetime | None = None
    shipped_at: NaiveDatetime | None = None
    payed_at: NaiveDatetime | None = None
    last_modified_at: NaiveDatetime | None = None
    invoice_date: NaiveDatetime | None = None
    total_cost: Decimal | None = None
    shipping_cost: Decimal | None = None
    paid_amount: Decimal | None = None
    currency: str | None = None
    order_items: WireList[OrderItem] = Field(default_factory=list)
    invoice_address: Address | None = None
    shipping_address: Address | None = None
    customer: Customer | None = None
    seller: OrderUser | None = None
    buyer: OrderUser | None = None
    tags: WireList[str] = Field(default_factory=list)
    history: WireList[HistoryEntry] = Field(default_factory=list)
    customer_number: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_customer_order(cls, data: Any) -> Any:
        """Read the reduced order of ``GET /customers/{id}/orders`` as an Order.

        Billbee's spec declares that endpoint's records as a short model (``Id``,
        ``ExternalId``, ``OrderStateId``, ``TotalGross``, ``ShopName``, ``PaidAt`` ...), while
        its SDKs read full orders; no captured response settles which one the API sends. Both
        are accepted: a short record's values are copied to the full model's names, and its other
        keys stay in the record too (``extra="allow"``). Its ``Id`` is Billbee's own id, which the
        full model calls ``BillBeeOrderId`` (the full ``Id`` is the marketplace's, ``ExternalId``).
        """
        if not isinstance(data, dict) or "OrderStateId" not in data or "State" in data:
            return data
        mapped = {full: data[short] for short, full in _CUSTOMER_ORDER_KEYS if short in data}
        return {**data, **mapped, "Id": data.get("ExternalId")}


# (reduced customer-order key, full order key) pairs, see Order._from_customer_order.
_CUSTOMER_ORDER_KEYS = (
    ("Id", "BillBeeOrderId"),
    ("ExternalId", "OrderNumber"),
    ("OrderStateId", "State"),
    ("TotalGross", "TotalCost"),
    ("PaidAt", "PayedAt"),
    ("ShopName", "ApiAccountName"),
)


class MultiLanguageText(BillbeeModel):
    """One translation of a product text (Billbee's ``MultiLanguageString``)."""

    text: str | None = None
    language_code: str | None = None


class ProductStock(BillbeeModel):
    stock_id: int | None = None
    name: str | None = None
    stock_current: Decimal | None = None
    unfulfilled_amount: Decimal | None = None


class Product(BillbeeModel):
    """A Billbee article; titles are lists of translations, see :meth:`text`."""

    id: int
    sku: str | None = None
    ean: str | None = None
    title: WireList[MultiLanguageText] = Field(default_factory=list)
    price: Decimal | None = None
    stock_current: Decimal | None = None
    stocks: WireList[ProductStock] = Field(default_factory=list)
    type: int | None = None
    is_deactivated: bool | None = None

    def title_text(self, language: str | None = None) -> str | None:
        """The title in ``language`` (e.g. ``"DE"``), else the first non-empty one."""
        texts = [t for t in self.title if t.text]
        if language is not None:
            for t in texts:
                if (t.language_code or "").upper() == language.upper():
                    return t.text
        return texts[0].text if texts else None


class InvoicePosition(BillbeeModel):
    position: int | None = None
    # Invoice positions spell it "Sku", unlike products and order lines ("SKU").
    sku: str | None = Field(default=None, alias="Sku")
    title: str | None = None
    amount: Decimal | None = None
    total_gross_value: Decimal | None = None
    vat_rate: Decimal | None = None


class Invoice(BillbeeModel):
    """An invoice; ``billbee_id`` is the BillBeeOrderId of the invoiced order."""

    invoice_number: str | None = None
    billbee_id: int | None = None
    type: str | None = None
    invoice_date: NaiveDatetime | None = None
    pay_date: NaiveDatetime | None = None
    total_net: Decimal | None = None
    total_gross: Decimal | None = None
    currency: str | None = None
    order_number: str | None = None
    company: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    shop_name: str | None = None
    positions: list[InvoicePosition] | None = None


class OrderState(BillbeeModel):
    """One entry of ``GET /enums/orderstates``: Billbee's id and German identifier."""

    id: int
    name: str

    @property
    def english(self) -> str:
        """The English label from the built-in table (``"paid"`` for 3), or ``name``."""
        info = ORDER_STATES.get(self.id)
        return info.english if info is not None else self.name


class StockUpdateResult(BillbeeModel):
    """Billbee's answer to a stock update: the stock before and after."""

    sku: str | None = None
    old_stock: Decimal | None = None
    current_stock: Decimal | None = None
    unfulfilled_amount: Decimal | None = None
    message: str | None = None
