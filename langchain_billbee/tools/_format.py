"""What the model reads (compact text) and what the application keeps (the artifact).

Content: one line per record with a column legend in the header, so a page of orders costs a
few dozen tokens per order instead of Billbee's ~4 KB of JSON each. Values a model acts on come
first (ids it can pass to other tools), then what it reports to a person.

Artifact: Billbee's envelope shape minus the error fields: ``{"Paging": {...}, "Data": [...]}``
for pages, ``{"Data": ...}`` otherwise, records dumped by Billbee's wire names with
``mode="json"``. Plain JSON keeps the artifact storable by any checkpointer; the price is that
Decimals arrive as strings (``"3612.84"``, exact) and dates as ISO strings without zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias

from pydantic import BaseModel

from langchain_billbee.models import (
    Address,
    Customer,
    CustomerSearchResult,
    Invoice,
    InvoicePosition,
    Order,
    OrderState,
    Page,
    Product,
    StockUpdateResult,
)
from langchain_billbee.order_states import describe_state

Artifact: TypeAlias = dict[str, Any]
Rendered: TypeAlias = tuple[str, Artifact]
"""``(content, artifact)`` as ``response_format="content_and_artifact"`` expects."""

MISSING = "-"
ORDER_COLUMNS = "BillBeeOrderId | order no. | state | shop | created | total | customer"


# ---- artifacts -------------------------------------------------------------------------------


def dump(record: BaseModel) -> dict[str, Any]:
    """A record as Billbee spells it, JSON-ready (Decimal → str, datetime → ISO str)."""
    return record.model_dump(mode="json", by_alias=True)


def page_artifact(page: Page[Any]) -> Artifact:
    paging = {
        "Page": page.page,
        "TotalPages": page.total_pages,
        "TotalRows": page.total_rows,
        "PageSize": page.page_size,
    }
    return {"Paging": paging, "Data": [dump(item) for item in page.items]}


def list_artifact(records: Iterable[BaseModel]) -> Artifact:
    return {"Data": [dump(record) for record in records]}


# ---- small value formatters ------------------------------------------------------------------


def text(value: object, limit: int = 60) -> str:
    """One-line, bounded text: record fields must not break the one-record-per-line layout."""
    if value is None or value == "":
        return MISSING
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def money(amount: Decimal | None, currency: str | None = None) -> str:
    if amount is None:
        return MISSING
    return f"{amount:.2f} {currency}" if currency else f"{amount:.2f}"


def quantity(amount: Decimal | None) -> str:
    """``30.000`` → ``30``; Billbee sends .NET decimals with trailing zeros."""
    if amount is None:
        return MISSING
    normalized = amount.normalize()
    return format(normalized if normalized != 0 else Decimal(0), "f")


def day(value: date | datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else MISSING


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else MISSING


def extra(record: BaseModel, wire_name: str) -> Any:
    """A field the model keeps but does not declare (``extra="allow"``), by its wire name."""
    return (record.model_extra or {}).get(wire_name)


def person(address: Address | None) -> str | None:
    if address is None:
        return None
    name = " ".join(p for p in (address.first_name, address.last_name) if p)
    return name or address.company


def paging_header(noun: str, page: Page[Any], columns: str) -> str:
    """ "orders 6–10 of 23 (page 2 of 5)", plus how to get more and the column legend."""
    if page.total_rows == 0 and not page.items:
        return f"no {noun} found"
    if not page.items:
        pages = "page 1" if page.total_pages <= 1 else f"pages 1–{page.total_pages}"
        return f"no {noun} on page {page.page}: there are {page.total_rows} {noun} on {pages}"
    header = (
        f"{noun} {page.first_index}–{page.last_index} of {page.total_rows} "
        f"(page {page.page} of {page.total_pages})"
    )
    if page.has_more:
        header += f"; more with page={page.page + 1}"
    return f"{header}\ncolumns: {columns}"


def lines(header: str, rows: Sequence[str]) -> str:
    return "\n".join([header, *rows])


# ---- orders ------------------------------------------------------------------------------------


def shop_name(order: Order) -> str:
    seller = order.seller.billbee_shop_name if order.seller is not None else None
    return text(seller or extra(order, "ApiAccountName"), 30)


def customer_name(order: Order) -> str:
    candidates = (
        order.customer.name if order.customer is not None else None,
        person(order.invoice_address),
        person(order.shipping_address),
        order.buyer.full_name if order.buyer is not None else None,
    )
    return text(next((c for c in candidates if c), None), 40)


def order_line(order: Order) -> str:
    return " | ".join(
        (
            str(order.bill_bee_order_id),
            text(order.order_number, 30),
            describe_state(order.state),
            shop_name(order),
            day(order.created_at),
            money(order.total_cost, order.currency),
            customer_name(order),
        )
    )


def render_order_page(page: Page[Order]) -> Rendered:
    header = paging_header("orders", page, ORDER_COLUMNS)
    return lines(header, [order_line(o) for o in page.items]), page_artifact(page)


def render_state_change(order_id: int, new_state_id: int) -> Rendered:
    content = (
        f"order {order_id}: state set to {describe_state(new_state_id)}. Billbee passes the new "
        "state on to the connected shop or marketplace where that is configured."
    )
    return content, {"Data": {"BillBeeOrderId": order_id, "NewStateId": new_state_id}}


def render_order_states(states: Sequence[OrderState]) -> Rendered:
    rows = [f"{s.id} {s.name} ({s.english})" for s in states]
    return lines(f"{len(states)} order states (id, Billbee name, English):", rows), list_artifact(
        states
    )


# ---- products and stock ------------------------------------------------------------------------

PRODUCT_COLUMNS = "id | SKU | title | price | stock"


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
    warning = extra(product, "StockWarning")
    if current <= 0:
        return f"{label} (OUT OF STOCK)"
    if warning is not None and current <= Decimal(str(warning)):
        return f"{label} (LOW, warning level {quantity(Decimal(str(warning)))})"
    return label


def product_line(product: Product) -> str:
    sku = text(product.sku, 30)
    price = money(product.price)
    return f"{product.id} | {sku} | {product_title(product)} | {price} | {stock_state(product)}"


def render_product_page(page: Page[Product]) -> Rendered:
    header = paging_header("products", page, PRODUCT_COLUMNS)
    return lines(header, [product_line(p) for p in page.items]), page_artifact(page)


def render_stock_update(
    result: StockUpdateResult, *, sku: str | None, product_id: int | None
) -> Rendered:
    label = f"SKU {result.sku or sku}" if (result.sku or sku) else f"product {product_id}"
    old, new = quantity(result.old_stock), quantity(result.current_stock)
    unfulfilled = f"unfulfilled {quantity(result.unfulfilled_amount)}"
    if result.old_stock is not None and result.old_stock == result.current_stock:
        # E.g. a retry of an update that had landed: "57 → 57" would read as if nothing happened.
        change = f"stock set to {new} (Billbee reports it was already {old}; {unfulfilled})"
    else:
        change = f"stock {old} → {new} ({unfulfilled})"
    content = f"{label}: {change}. Billbee passes the new stock on to the connected shops."
    if result.message:
        content += f" Billbee: {text(result.message, 120)}"
    return content, {"Data": dump(result)}


# ---- customers ---------------------------------------------------------------------------------

CUSTOMER_COLUMNS = "id | customer no. | name | e-mail"


def customer_line(customer: Customer) -> str:
    return " | ".join(
        (str(customer.id), text(customer.number), text(customer.name, 40), text(customer.email))
    )


def render_customer_page(page: Page[Customer]) -> Rendered:
    header = paging_header("customers", page, CUSTOMER_COLUMNS)
    return lines(header, [customer_line(c) for c in page.items]), page_artifact(page)


def render_customer_search(term: str, hits: Sequence[CustomerSearchResult]) -> Rendered:
    if not hits:
        hint = "try part of the name, the e-mail address or the customer number"
        return f"no customers match {term!r}; {hint}", list_artifact(hits)
    header = (
        f"{len(hits)} customer(s) match {term!r} (search results are not paged)\n"
        "columns: id | customer no. | name | addresses"
    )
    rows = [
        f"{h.id} | {text(h.number)} | {text(h.name, 40)} | {text(h.addresses, 80)}" for h in hits
    ]
    return lines(header, rows), list_artifact(hits)


# ---- invoices ----------------------------------------------------------------------------------

INVOICE_COLUMNS = "invoice no. | date | BillBeeOrderId | order no. | total gross | paid | shop"


def invoice_line(invoice: Invoice) -> str:
    paid = f"paid {day(invoice.pay_date)}" if invoice.pay_date is not None else "unpaid"
    return " | ".join(
        (
            text(invoice.invoice_number, 30),
            day(invoice.invoice_date),
            text(invoice.billbee_id),
            text(invoice.order_number, 30),
            money(invoice.total_gross, invoice.currency),
            paid,
            text(invoice.shop_name, 30),
        )
    )


def position_line(position: InvoicePosition) -> str:
    return (
        f"  - {quantity(position.amount)} × {text(position.sku, 30)} "
        f"{text(position.title, 50)} = {money(position.total_gross_value)}"
    )


def render_invoice_page(page: Page[Invoice]) -> Rendered:
    rows: list[str] = []
    for invoice in page.items:
        rows.append(invoice_line(invoice))
        rows.extend(position_line(p) for p in invoice.positions or ())
    header = paging_header("invoices", page, INVOICE_COLUMNS)
    return lines(header, rows), page_artifact(page)
