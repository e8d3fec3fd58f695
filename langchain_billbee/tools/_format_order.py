"""The detailed view of one order (``billbee_get_order``): more than a list line, still compact.

Addresses show only name, city and country: enough to answer "where does it ship", without
putting street addresses, e-mail addresses and phone numbers into the model's context (an order
by number is one request and under 1,000 characters). The artifact keeps all.
"""

from __future__ import annotations

from datetime import datetime

from langchain_billbee.models import Address, HistoryEntry, Order, OrderItem
from langchain_billbee.order_states import describe_state
from langchain_billbee.tools._format import (
    MISSING,
    Rendered,
    customer_name,
    day,
    dump,
    extra,
    moment,
    money,
    person,
    quantity,
    shop_name,
    text,
)

HISTORY_SHOWN = 2  # the latest events; all of them are in the artifact
ITEMS_SHOWN = 25
TAGS_SHOWN = 10


def render_order(order: Order) -> Rendered:
    rows = [
        _identity(order),
        f"state: {describe_state(order.state)} | shop: {shop_name(order)}",
        _dates(order),
        _money(order),
        _customer(order),
        f"invoice address: {_place(order.invoice_address)}",
        f"shipping address: {_shipping(order)}",
        *_items(order.order_items),
        *([_tags(order.tags)] if order.tags else []),
        *_history(order.history),
    ]
    return "\n".join(rows), {"Data": dump(order)}


def _identity(order: Order) -> str:
    parts = [f"order {order.bill_bee_order_id} (BillBeeOrderId)"]
    parts.append(f"order no. {text(order.order_number, 40)}")
    if order.id and order.id != order.order_number:
        parts.append(f"shop order id {text(order.id, 40)}")
    return " | ".join(parts)


def _dates(order: Order) -> str:
    return (
        f"created {moment(order.created_at)} | paid {moment(order.payed_at)} | "
        f"shipped {moment(order.shipped_at)} | modified {moment(order.last_modified_at)}"
    )


def _money(order: Order) -> str:
    line = (
        f"total: {money(order.total_cost, order.currency)} (incl. shipping "
        f"{money(order.shipping_cost)}; paid {money(order.paid_amount)})"
    )
    number = extra(order, "InvoiceNumber")
    if number:
        prefix, postfix = extra(order, "InvoiceNumberPrefix"), extra(order, "InvoiceNumberPostfix")
        label = f"{prefix or ''}{number}{postfix or ''}"
        line += f" | invoice {text(label, 30)} of {day(order.invoice_date)}"
    return line


def _customer(order: Order) -> str:
    customer = order.customer
    parts = [f"customer: {customer_name(order)}"]
    parts.append(f"customer no. {text(order.customer_number or (customer and customer.number))}")
    if customer is not None:
        parts.append(f"customer id {text(customer.id)}")
    return " | ".join(parts)


def _shipping(order: Order) -> str:
    shipping = _place(order.shipping_address)
    # Most orders ship to the invoice address; saying so is shorter than repeating it.
    same = shipping != MISSING and shipping == _place(order.invoice_address)
    return "same" if same else shipping


def _place(address: Address | None) -> str:
    if address is None:
        return MISSING
    parts = (person(address), address.city, address.country_iso2 or address.country)
    return ", ".join(text(p, 40) for p in parts if p) or MISSING


def _items(items: list[OrderItem]) -> list[str]:
    rows = [f"items ({len(items)}):"]
    for item in items[:ITEMS_SHOWN]:
        product = item.product
        sku = text(product.sku if product else None, 30)
        title = text(product.title if product else None, 50)
        rows.append(f"  - {quantity(item.quantity)} × {sku} {title} = {money(item.total_price)}")
    if len(items) > ITEMS_SHOWN:
        rows.append(f"  … {len(items) - ITEMS_SHOWN} more in the artifact")
    return rows


def _tags(tags: list[str]) -> str:
    # Each tag sanitized on its own: a newline inside one must not start a forged line.
    shown = ", ".join(text(tag, 40) for tag in tags[:TAGS_SHOWN]) or MISSING
    more = f" (+{len(tags) - TAGS_SHOWN} more in the artifact)" if len(tags) > TAGS_SHOWN else ""
    return f"tags: {shown}{more}"


def _history(history: list[HistoryEntry]) -> list[str]:
    if not history:
        return ["history: -"]
    # Newest first regardless of Billbee's order, which is not documented.
    newest = sorted(history, key=lambda h: h.created or datetime.min, reverse=True)
    rows = [f"history (latest {min(HISTORY_SHOWN, len(history))} of {len(history)}):"]
    for entry in newest[:HISTORY_SHOWN]:
        # The text says what happened ("Der Status wurde von Gepackt auf Versendet geändert");
        # the event's name ("Status geändert") only where there is no text.
        rows.append(f"  - {moment(entry.created)} {text(entry.text or entry.event_type_name, 60)}")
    return rows
