"""The sentences a person reads before approving a write: which record, what it is now, what
it becomes.

Pure functions over records already read, so the same words serve the approval preview, the
dry run and the answer after a real write. Record values come from Billbee (and so, in part,
from buyers and marketplaces): each is flattened to one bounded line, so a customer name cannot
add lines that look like part of the preview.
"""

from __future__ import annotations

from decimal import Decimal

from langchain_billbee._stock_batch import current_stock
from langchain_billbee.models import Order, Product
from langchain_billbee.order_states import ORDER_STATES, describe_state
from langchain_billbee.tools._format import customer_name, money, quantity, shop_name, text

__all__ = [
    "describe_state_change",
    "describe_stock_change",
    "order_label",
    "product_label",
    "state_change_unread",
    "stock_change_unread",
]


def order_label(order_id: int, order_number: str | None) -> str:
    """``Order 15-95563-59200 (BillBeeOrderId 300000181057783)``."""
    if order_number:
        return f"Order {text(order_number, 40)} (BillBeeOrderId {order_id})"
    return f"Order with BillBeeOrderId {order_id} (no order number)"


def _order_context(order: Order) -> str:
    parts = [
        order_label(order.bill_bee_order_id, order.order_number),
        shop_name(order),
        customer_name(order),
        money(order.total_cost, order.currency),
    ]
    return " · ".join(p for p in parts if p and p != "-")


def describe_state_change(order: Order, new_state_id: int) -> str:
    """``Order … · eBay kranich-kaffee · Anna Müller · 49.90 EUR: state 1 … → 3 …``."""
    context = _order_context(order)
    if order.state == new_state_id:
        info = ORDER_STATES.get(new_state_id)
        if info is None:
            return f"{context}: already in state {describe_state(new_state_id)}; changes nothing"
        return (
            f"{context}: already {info.english} (state {info.id} {info.name}); this changes nothing"
        )
    return f"{context}: state {describe_state(order.state)} → {describe_state(new_state_id)}"


def state_change_unread(order_id: int, new_state_id: int, why: str) -> str:
    """The preview when the order could not be read: say so, and still ask."""
    return (
        f"{order_label(order_id, None)}: set state to {describe_state(new_state_id)}. "
        f"Could not read the order first ({why}), so its current state is unknown: "
        "check it in Billbee before approving."
    )


def product_label(product: Product | None, sku: str | None, product_id: int | None) -> str:
    """``SKU KR-01-250 "Kaffee Crema 250 g"`` (or ``product 300000065756255``)."""
    shown_sku = (product.sku if product is not None else None) or sku
    label = f"SKU {text(shown_sku, 40)}" if shown_sku else f"product {product_id}"
    title = product.title_text() if product is not None else None
    return f'{label} "{text(title, 50)}"' if title else label


def describe_stock_change(
    product: Product,
    new_quantity: Decimal,
    *,
    stock_id: int | None = None,
    expected: Decimal | None = None,
) -> str:
    """``SKU KR-01-250 "Kaffee Crema 250 g": stock 12 → 40 (3 unfulfilled)``."""
    label = product_label(product, None, product.id)
    stock, unfulfilled = current_stock(product, stock_id)
    tail = f" ({quantity(unfulfilled)} unfulfilled)" if unfulfilled is not None else ""
    if expected is not None and stock is not None and stock != expected:
        return (
            f"{label}: stock is {quantity(stock)} now, not {quantity(expected)} as expected; "
            f"would not be written{tail}"
        )
    if stock is not None and stock == new_quantity:
        return f"{label}: stock already {quantity(stock)}; this changes nothing{tail}"
    return f"{label}: stock {quantity(stock)} → {quantity(new_quantity)}{tail}"


def stock_change_unread(
    sku: str | None, product_id: int | None, new_quantity: Decimal, why: str
) -> str:
    """The stock preview when the product could not be read."""
    return (
        f"{product_label(None, sku, product_id)}: set stock to {quantity(new_quantity)}. "
        f"Could not read the product first ({why}), so its current stock is unknown: "
        "check it in Billbee before approving."
    )
