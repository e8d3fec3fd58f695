"""Previews of pending writes: read the record through the wrapper, describe the change.

Used while an agent waits for approval (``BillbeeToolkit.interrupt_on()``), so every path
returns text and none raises: a person must always get something to decide on. The read goes
through the same wrapper as the write (limiter, retries, deadline) and costs at most one request
per record; a stock batch reads at most one request per item (see ``_product_reads``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from langchain_billbee._errors import BillbeeError, BillbeeNotFoundError
from langchain_billbee._preview import (
    describe_state_change,
    describe_stock_change,
    state_change_unread,
    stock_change_unread,
)
from langchain_billbee._product_reads import read_products
from langchain_billbee._stock_batch import STOCK_BATCH_SIZE, StockChange

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["SHOWN_ITEMS", "preview_state_change", "preview_stock_changes", "why_unread"]

SHOWN_ITEMS = 40
"""Stock lines a batch preview lists; the rest are counted (the arguments list them all)."""


def why_unread(error: BillbeeError) -> str:
    if isinstance(error, BillbeeNotFoundError):
        return "Billbee has no such record, HTTP 404"
    status = f", HTTP {error.status_code}" if error.status_code else ""
    return f"{type(error).__name__}{status}"


def preview_state_change(api: BillbeeAPIWrapper, order_id: int, new_state_id: int) -> str:
    """One ``GET /orders/{id}``, then ``Order … : state 1 … → 3 …``."""
    try:
        order = api.get_order(order_id)
    except BillbeeError as err:
        return state_change_unread(order_id, new_state_id, why_unread(err))
    return describe_state_change(order, new_state_id)


def preview_stock_changes(
    api: BillbeeAPIWrapper, changes: Sequence[StockChange], *, stock_id: int | None = None
) -> str:
    """One line per product (``SKU …: stock 12 → 40 (3 unfulfilled)``), one approval for all."""
    reads = read_products(api, [change.key for change in changes])
    lines = []
    for change in changes[:SHOWN_ITEMS]:
        product = reads.found.get(change.key)
        if product is None:
            why = reads.why_missing(change.key)
            lines.append(
                stock_change_unread(change.sku, change.billbee_product_id, change.new_quantity, why)
            )
            continue
        lines.append(
            describe_stock_change(
                product, change.new_quantity, stock_id=stock_id, expected=change.expected_quantity
            )
        )
    if len(changes) == 1:
        return lines[0]
    requests = -(-len(changes) // STOCK_BATCH_SIZE)
    head = (
        f"{len(changes)} stock changes, one approval for all (sent in {requests} request(s) "
        f"of up to {STOCK_BATCH_SIZE}):"
    )
    rest = len(changes) - SHOWN_ITEMS
    tail = [f"… and {rest} more (listed in the arguments)"] if rest > 0 else []
    return "\n".join([head, *(f"- {line}" for line in lines), *tail])
