"""Setting stock, one product or a batch: read what must be read, guard, (dry run: stop), send,
record each item.

A product is read before its write only when something needs it: no SKU was given (Billbee
updates stock by SKU only), an ``expected_quantity`` must be checked, or a dry run must show
the current stock. Billbee's answer to the write carries the stock before and after, so a plain
stock change costs exactly its write request.

The ``expected_quantity`` check is ours (Billbee ignores ``OldQuantity``): the stock is read,
compared, and the write follows in the next request. A sale Billbee records between that read
and the write is still overwritten; the window is one limiter slot (about 0.5 s at 2
requests/s) for one product, up to a few seconds for a large batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from langchain_billbee._errors import BillbeeError
from langchain_billbee._product_reads import ProductReads, product_by_key, read_products
from langchain_billbee._stock_batch import (
    STOCK_BATCH_SIZE,
    StockChange,
    StockItemOutcome,
    as_changes,
    chunks,
    current_stock,
    item_outcome,
    plain_quantity,
)
from langchain_billbee._wire import unwrap_data
from langchain_billbee._write_audit import audit, ensure_may_send, error_reason, outcome_of
from langchain_billbee._write_context import counting_attempts

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["change_stock_many", "change_stock_one"]

OPERATION = "POST /products/updatestockmultiple"
_PATH = "/products/updatestockmultiple"
_SINGLE_OP = "POST /products/updatestock"
_SINGLE_PATH = "/products/updatestock"

Planned = tuple[int, StockChange, str]  # input position, change, SKU to send


def _needs_read(api: BillbeeAPIWrapper, change: StockChange) -> bool:
    return change.sku is None or change.expected_quantity is not None or api.dry_run


BodyOf = Callable[[str, StockChange], dict[str, object]]
"""The ``UpdateStockApiModel`` for one item and the SKU to send (built from the args schema)."""


def change_stock_many(
    api: BillbeeAPIWrapper,
    items: Sequence[StockChange | Mapping[str, Any]],
    *,
    stock_id: int | None,
    body_of: BodyOf,
    batch_size: int = STOCK_BATCH_SIZE,
) -> list[StockItemOutcome]:
    """Set each item's stock; one outcome per item, in the order given."""
    changes = as_changes(items)
    if not 1 <= batch_size <= STOCK_BATCH_SIZE:
        raise ValueError(f"batch_size must be between 1 and {STOCK_BATCH_SIZE}, got {batch_size}")
    batch = {"id": uuid.uuid4().hex[:12], "size": len(changes)}
    reads = read_products(api, [c.key for c in changes if _needs_read(api, c)])
    outcomes: dict[int, StockItemOutcome] = {}
    to_send: list[Planned] = []
    for index, change in enumerate(changes):
        decided = _check(api, change, reads, stock_id)
        if isinstance(decided, StockItemOutcome):
            outcomes[index] = decided
        else:
            to_send.append((index, change, decided))
    _send_all(api, to_send, outcomes, body_of=body_of, batch_size=batch_size)
    ordered = [outcomes[i] for i in range(len(changes))]
    for index, (change, result) in enumerate(zip(changes, ordered, strict=True)):
        _record(api, change, result, reads, stock_id, {**batch, "index": index}, OPERATION)
    return ordered


def change_stock_one(
    api: BillbeeAPIWrapper, change: StockChange, *, stock_id: int | None, body_of: BodyOf
) -> StockItemOutcome:
    """One product through ``POST /products/updatestock``; a failed read or request raises
    (after its audit record), a guard or a dry run ends in the returned outcome."""
    reads = ProductReads()
    if _needs_read(api, change):
        try:
            reads.found[change.key] = product_by_key(api, change.key)
        except BillbeeError as err:
            failed = _stopped(change, change.sku or "", "failed", f"not read: {error_reason(err)}")
            _record(api, change, failed, reads, stock_id, None, _SINGLE_OP)
            raise
    decided = _check(api, change, reads, stock_id)
    if isinstance(decided, StockItemOutcome):
        _record(api, change, decided, reads, stock_id, None, _SINGLE_OP)
        return decided
    body = body_of(decided, change)
    ensure_may_send(api, "POST", _SINGLE_PATH)
    with counting_attempts() as counter:
        try:
            data = unwrap_data(api._request("POST", _SINGLE_PATH, body=body))
        except BillbeeError as err:
            failed = _stopped(change, decided, outcome_of(err), error_reason(err))
            failed = failed.model_copy(update={"attempts": counter.attempts})
            _record(api, change, failed, reads, stock_id, None, _SINGLE_OP)
            raise
    answer = {"Data": data if isinstance(data, Mapping) else {}}
    result = item_outcome(change, decided, answer).model_copy(update={"attempts": counter.attempts})
    _record(api, change, result, reads, stock_id, None, _SINGLE_OP)
    return result


def _check(
    api: BillbeeAPIWrapper, change: StockChange, reads: ProductReads, stock_id: int | None
) -> StockItemOutcome | str:
    """The SKU to send, or the outcome that stops this item before sending."""
    base: dict[str, Any] = {
        "billbee_product_id": change.billbee_product_id,
        "new_quantity": change.new_quantity,
    }
    product = reads.found.get(change.key)
    if _needs_read(api, change) and product is None:
        why = reads.why_missing(change.key)
        return StockItemOutcome(**base, sku=change.sku, outcome="failed", message=why)
    sku = change.sku or (product.sku if product is not None else None)
    if not sku:
        why = "the product has no SKU in Billbee, and Billbee updates stock by SKU only"
        return StockItemOutcome(**base, sku=None, outcome="refused", message=why)
    if product is None:
        return sku
    stock, unfulfilled = current_stock(product, stock_id)
    expected = change.expected_quantity
    if expected is not None and stock != expected:
        why = (
            f"stock is {plain_quantity(stock)} now, not {plain_quantity(expected)} as expected; "
            "nothing written"
        )
        return StockItemOutcome(
            **base, sku=sku, outcome="refused", old_stock=stock, message=why,
            unfulfilled_amount=unfulfilled,
        )  # fmt: skip
    if api.dry_run:
        return StockItemOutcome(
            **base, sku=sku, outcome="not_sent", old_stock=stock,
            current_stock=change.new_quantity, unfulfilled_amount=unfulfilled, dry_run=True,
            message="DRY RUN — nothing was sent to Billbee",
        )  # fmt: skip
    return sku


def _send_all(
    api: BillbeeAPIWrapper,
    planned: list[Planned],
    outcomes: dict[int, StockItemOutcome],
    *,
    body_of: BodyOf,
    batch_size: int,
) -> None:
    failed: BillbeeError | None = None
    for chunk in chunks(planned, batch_size):
        if failed is not None:
            why = f"not sent: an earlier batch request failed ({error_reason(failed)})"
            for index, change, sku in chunk:
                outcomes[index] = _stopped(change, sku, "failed", why)
            continue
        body = [body_of(sku, change) for _, change, sku in chunk]
        ensure_may_send(api, "POST", _PATH)
        with counting_attempts() as counter:
            try:
                answer = api._request("POST", _PATH, body=body)
            except BillbeeError as err:
                failed = err
                for index, change, sku in chunk:
                    stopped = _stopped(change, sku, outcome_of(err), error_reason(err))
                    outcomes[index] = stopped.model_copy(update={"attempts": counter.attempts})
                continue
        answers = answer if isinstance(answer, list) else []
        for position, (index, change, sku) in enumerate(chunk):
            element = answers[position] if position < len(answers) else None
            result = item_outcome(change, sku, element)
            outcomes[index] = result.model_copy(update={"attempts": counter.attempts})


def _stopped(change: StockChange, sku: str, outcome: Any, why: str) -> StockItemOutcome:
    return StockItemOutcome(
        sku=sku, billbee_product_id=change.billbee_product_id,
        new_quantity=change.new_quantity, outcome=outcome, message=why,
    )  # fmt: skip


def _record(
    api: BillbeeAPIWrapper,
    change: StockChange,
    result: StockItemOutcome,
    reads: ProductReads,
    stock_id: int | None,
    batch: dict[str, Any] | None,
    operation: str,
) -> None:
    product = reads.found.get(change.key)
    billbee_id = change.billbee_product_id or (product.id if product is not None else None)
    before = None if result.old_stock is None else {"StockCurrent": result.old_stock}
    after = None
    if result.outcome in ("done", "not_sent") and result.current_stock is not None:
        after = {"StockCurrent": result.current_stock}
    audit(
        api,
        method="update_stock" if batch is None else "update_stock_multiple",
        operation=operation,
        record={"SKU": result.sku or change.sku, "BillbeeId": billbee_id, "StockId": stock_id},
        requested={"StockCurrent": change.new_quantity},
        outcome=result.outcome,
        before=before,
        after=after,
        reason=None if result.outcome == "done" else result.message,
        attempts=result.attempts,
        batch=batch,
    )
