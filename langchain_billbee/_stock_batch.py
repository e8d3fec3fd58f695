"""Stock changes on the wire: one item, a batch for ``POST /products/updatestockmultiple``, and
what Billbee answered for each item.

``updatestockmultiple`` takes a JSON array of ``UpdateStockApiModel`` and answers a bare JSON
array of ``ApiResult<UpdateStockResponseData>``, one per item and in the same order (API-NOTES
§2.8); an item can fail while the others land, so every item gets its own outcome.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from typing_extensions import Self

from langchain_billbee._errors import BillbeeError, envelope_error
from langchain_billbee.audit import Outcome
from langchain_billbee.models import Product, StockUpdateResult

__all__ = [
    "MAX_QUANTITY",
    "MAX_STOCK_ITEMS",
    "STOCK_BATCH_SIZE",
    "BillbeeStockChangedError",
    "StockChange",
    "StockItemOutcome",
    "as_changes",
    "as_update_result",
    "check_quantity",
    "chunks",
    "current_stock",
    "item_outcome",
    "plain_quantity",
]

MAX_QUANTITY = Decimal(1_000_000_000)
"""Largest stock level sent. Billbee reads the quantity as a double, so without a bound a value
like ``1e400`` would reach it as a 401-digit integer; no shop stocks a billion units."""

STOCK_BATCH_SIZE = 50
"""Items per ``updatestockmultiple`` request. Billbee documents no maximum; 50 keeps a request
small (about 5 KB) and quick for Billbee to apply, so an answer that times out leaves at most 50
items in doubt, while a stock-take of 200 SKUs still takes 4 requests instead of 200."""

MAX_STOCK_ITEMS = 500
"""Most items one call takes (10 requests); larger stock-takes are split by the caller."""

T = TypeVar("T")


def plain_quantity(amount: Decimal | None) -> str:
    """``30.000`` → ``30`` (Billbee sends .NET decimals with trailing zeros); ``-`` for none."""
    if amount is None:
        return "-"
    normalized = amount.normalize()
    return format(normalized if normalized != 0 else Decimal(0), "f")


def current_stock(product: Product, stock_id: int | None) -> tuple[Decimal | None, Decimal | None]:
    """``(stock, unfulfilled)`` of one stock location, or of the product when none is named."""
    stocks = product.stocks
    chosen = next((s for s in stocks if stock_id is not None and s.stock_id == stock_id), None)
    if chosen is not None:
        return chosen.stock_current, chosen.unfulfilled_amount
    unfulfilled = sum((s.unfulfilled_amount or Decimal(0) for s in stocks), Decimal(0))
    return product.stock_current, unfulfilled if stocks else None


def check_quantity(value: Decimal | int | float | str, name: str = "new_quantity") -> Decimal:
    """A finite quantity in ``0 … MAX_QUANTITY``, exact (``0.1`` stays ``0.1``)."""
    try:
        # Through str so 0.1 becomes Decimal("0.1"), not the binary float's expansion.
        quantity = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not quantity.is_finite() or not 0 <= quantity <= MAX_QUANTITY:
        raise ValueError(f"{name} must be a finite number >= 0 and <= {MAX_QUANTITY}, got {value}")
    return quantity


class StockChange(BaseModel):
    """One product's new absolute stock, named by SKU or Billbee product id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    new_quantity: Decimal
    sku: str | None = None
    billbee_product_id: int | None = Field(default=None, gt=0)
    expected_quantity: Decimal | None = None
    """Write only if the stock read just before the write is this (see the README)."""

    @field_validator("new_quantity", "expected_quantity", mode="before")
    @classmethod
    def _quantity(cls, value: Any, info: Any) -> Any:
        return None if value is None else check_quantity(value, info.field_name)

    @field_validator("sku")
    @classmethod
    def _sku(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _a_product(self) -> Self:
        if self.sku is None and self.billbee_product_id is None:
            raise ValueError("give sku or billbee_product_id to name the product")
        return self

    @property
    def key(self) -> tuple[str, str]:
        """``("sku", "KR-01-250")`` or ``("id", "300000065756255")``: how it is looked up."""
        if self.sku is not None:
            return ("sku", self.sku)
        return ("id", str(self.billbee_product_id))


def as_changes(items: Sequence[StockChange | Mapping[str, Any]]) -> list[StockChange]:
    """Validated changes; a product named twice is refused (which value should win?)."""
    if not items:
        raise ValueError("items must list at least one stock change")
    if len(items) > MAX_STOCK_ITEMS:
        raise ValueError(f"items takes at most {MAX_STOCK_ITEMS} stock changes, got {len(items)}")
    changes = [i if isinstance(i, StockChange) else StockChange.model_validate(i) for i in items]
    seen: set[tuple[str, str]] = set()
    for change in changes:
        if change.key in seen:
            raise ValueError(f"items names {change.key[0]} {change.key[1]} twice; name it once")
        seen.add(change.key)
    return changes


def chunks(items: Sequence[T], size: int = STOCK_BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StockItemOutcome(BaseModel):
    """What became of one stock change: Billbee's old and new stock, or why it was not set."""

    sku: str | None = None
    billbee_product_id: int | None = None
    new_quantity: Decimal
    outcome: Outcome
    old_stock: Decimal | None = None
    current_stock: Decimal | None = None
    unfulfilled_amount: Decimal | None = None
    message: str | None = None
    """Billbee's message for this item, or the reason it was not written."""
    dry_run: bool = False
    attempts: int = 0
    """HTTP attempts of the request that carried this item (0: not sent)."""


def item_outcome(change: StockChange, sku: str | None, answer: object) -> StockItemOutcome:
    """Read one element of Billbee's ``updatestockmultiple`` answer."""
    base: dict[str, Any] = {
        "sku": sku,
        "billbee_product_id": change.billbee_product_id,
        "new_quantity": change.new_quantity,
    }
    if not isinstance(answer, Mapping):
        message = "Billbee's answer has no result for this item"
        return StockItemOutcome(**base, outcome="may_have_landed", message=message)
    failure = envelope_error(answer)
    if failure is not None:
        code, text, description = failure
        message = f"Billbee refused it: {text or description or f'ErrorCode {code}'}"
        return StockItemOutcome(**base, outcome="refused", message=message)
    data = answer.get("Data")
    result = StockUpdateResult.model_validate(data if isinstance(data, Mapping) else {})
    return StockItemOutcome(
        **{**base, "sku": result.sku or sku},
        outcome="done",
        old_stock=result.old_stock,
        current_stock=result.current_stock,
        unfulfilled_amount=result.unfulfilled_amount,
        message=result.message,
    )


class BillbeeStockChangedError(BillbeeError):
    """``expected_quantity`` did not match the stock read just before the write: not sent."""

    def __init__(self, *, message: str, sku: str | None, current: Decimal | None) -> None:
        super().__init__(message=message, method="POST", path="/products/updatestock")
        self.sku = sku
        self.current = current


def as_update_result(outcome: StockItemOutcome) -> StockUpdateResult:
    """``update_stock``'s answer: Billbee's result, a dry run's forecast, or the error."""
    if outcome.outcome == "refused" and outcome.old_stock is not None:
        raise BillbeeStockChangedError(
            message=f"SKU {outcome.sku}: {outcome.message}",
            sku=outcome.sku,
            current=outcome.old_stock,
        )
    if outcome.outcome in ("refused", "failed"):
        label = f"Billbee product {outcome.billbee_product_id}"
        raise BillbeeError(
            message=f"{label} has no SKU, and Billbee only updates stock by SKU. Give the "
            "product a SKU in Billbee first."
            if outcome.sku is None
            else f"SKU {outcome.sku}: {outcome.message}",
            path="/products/updatestock",
        )
    result = StockUpdateResult(
        sku=outcome.sku,
        old_stock=outcome.old_stock,
        current_stock=outcome.current_stock,
        unfulfilled_amount=outcome.unfulfilled_amount,
        message=outcome.message,
    )
    if outcome.dry_run:
        result = result.model_copy(update={"DryRun": True})
    return result
