"""What the model reads (compact text) and what the application keeps (the artifact).

The helpers every renderer shares; each resource's own renderers sit in its module
(``tools/orders.py``, ``tools/products.py``, …).

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

from langchain_billbee.models import Address, Order, Page

Artifact: TypeAlias = dict[str, Any]
Rendered: TypeAlias = tuple[str, Artifact]
"""``(content, artifact)`` as ``response_format="content_and_artifact"`` expects."""

MISSING = "-"


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


# ---- orders (shared by the list line and the detailed view) -----------------------------------


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
