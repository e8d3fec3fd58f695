"""What the model reads (compact text) and what the application keeps (the artifact).

The helpers every renderer shares; each resource's own renderers sit in its module
(``tools/orders.py``, ``tools/products.py``, …).

Content: one line per record with a column legend in the header, so a page of orders costs a
few dozen tokens per order instead of Billbee's ~4 KB of JSON each. Values a model acts on come
first (ids it can pass to other tools), then what it reports to a person.

Every value shown passes through one sanitizer (``_sanitize.clean``, via ``text``): record
fields are written by buyers and marketplaces and must not break the one-record-per-line layout
or carry control characters. A page never shows more records than the tool asked for, whatever
the server sent (``asked_page_size``, ``shown``); the artifact keeps them all.

Artifact: Billbee's envelope shape minus the error fields: ``{"Paging": {...}, "Data": [...]}``
for pages, ``{"Data": ...}`` otherwise, records dumped by Billbee's wire names with
``mode="json"``. Plain JSON keeps the artifact storable by any checkpointer; the price is that
Decimals arrive as strings (``"3612.84"``, exact) and dates as ISO strings without zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias, TypeVar

from pydantic import BaseModel

from langchain_billbee.models import Address, Order, Page
from langchain_billbee.tools._sanitize import clean

Artifact: TypeAlias = dict[str, Any]
Rendered: TypeAlias = tuple[str, Artifact]
"""``(content, artifact)`` as ``response_format="content_and_artifact"`` expects."""

MISSING = "-"
MAX_ROWS = 250
"""Most records one result shows when the tool asked for no page size (Billbee's largest page)."""
T = TypeVar("T")
_ASKED: ContextVar[int | None] = ContextVar("billbee_asked_page_size", default=None)


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


# ---- how many records are shown --------------------------------------------------------------


@contextmanager
def asked_page_size(size: int | None) -> Iterator[None]:
    """While a tool renders: the page size it asked Billbee for (set by the tool boundary).

    A server that ignores ``pageSize`` (20,000 records for ``page_size=1``) must not decide
    how much the model reads.
    """
    token = _ASKED.set(size)
    try:
        yield
    finally:
        _ASKED.reset(token)


def shown(items: Sequence[T], *, paged: bool = True) -> Sequence[T]:
    """The records to render: a page at most as many as were asked for; any list (``paged``
    False: search hits, the order-state table) at most ``MAX_ROWS``."""
    asked = _ASKED.get() if paged else None
    return items[: asked or MAX_ROWS]


def unasked_note(noun: str, sent: int, shown_count: int, *, paged: bool = True) -> str:
    """A line saying the server sent more than is shown; empty when it did not."""
    if sent <= shown_count:
        return ""
    asked = _ASKED.get() if paged else None
    why = f" for page_size={asked}" if asked else ""
    return (
        f"\nBillbee sent {sent} {noun}{why}; showing the first {shown_count} (the artifact has "
        f"all {sent})"
    )


# ---- small value formatters ------------------------------------------------------------------


def text(value: object, limit: int = 60) -> str:
    """Any value as one bounded, sanitized line (``_sanitize.clean``); ``-`` when empty."""
    if value is None:
        return MISSING
    return clean(value, limit) or MISSING


def _figure(amount: Decimal, spec: str) -> str:
    # f"{Decimal('1E+999999999'):f}" would build a billion digits; no real amount is that big.
    if not amount.is_finite() or amount.adjusted() > 15:
        return text(amount, 24)
    return format(amount, spec)


def money(amount: Decimal | None, currency: str | None = None) -> str:
    if amount is None:
        return MISSING
    figure = _figure(amount, ".2f")
    return f"{figure} {text(currency, 8)}" if currency else figure


def quantity(amount: Decimal | None) -> str:
    """``30.000`` → ``30``; Billbee sends .NET decimals with trailing zeros."""
    if amount is None:
        return MISSING
    if not amount.is_finite() or amount.adjusted() > 15:
        return text(amount, 24)
    normalized = amount.normalize()
    return _figure(normalized if normalized != 0 else Decimal(0), "f")


def as_decimal(value: object) -> Decimal | None:
    """A number from a field the model does not type (``extra``); ``None`` if it is none."""
    try:
        return Decimal(str(value)) if value is not None else None
    except (InvalidOperation, ValueError):
        return None


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
    count = len(shown(page.items))
    header = (
        f"{noun} {page.first_index}–{page.first_index + count - 1} of {page.total_rows} "
        f"(page {page.page} of {page.total_pages})"
    )
    if page.has_more:
        header += f"; more with page={page.page + 1}"
    return f"{header}{unasked_note(noun, len(page.items), count)}\ncolumns: {columns}"


def lines(header: str, rows: Sequence[str]) -> str:
    return "\n".join([header, *rows])


def render_page(noun: str, columns: str, page: Page[T], row: Callable[[T], str]) -> Rendered:
    """A page as its paging header and one ``row`` per record shown; the artifact has them all."""
    rows = [row(record) for record in shown(page.items)]
    return lines(paging_header(noun, page, columns), rows), page_artifact(page)


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
