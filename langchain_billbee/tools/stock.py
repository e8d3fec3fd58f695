"""Stock: set a product's absolute stock level (a write).

Args schema, the wrapper's stock method (``StockAPI``), the renderer and the tool.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, cast

from langchain_core.tools import ArgsSchema
from pydantic import Field, StringConstraints, WithJsonSchema, model_validator
from typing_extensions import Self

from langchain_billbee._stock_batch import (
    MAX_QUANTITY,
    MAX_STOCK_ITEMS,
    STOCK_BATCH_SIZE,
    BillbeeStockChangedError,
    StockChange,
    StockItemOutcome,
    as_update_result,
)
from langchain_billbee._stock_writes import change_stock_many, change_stock_one
from langchain_billbee._write_previews import preview_stock_changes
from langchain_billbee.models import StockUpdateResult
from langchain_billbee.tools._args import BODY, BillbeeId, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered
from langchain_billbee.tools._write_render import (
    render_stock_changed,
    render_stock_outcomes,
    render_stock_update,
)
from langchain_billbee.tools.products import ProductsAPI

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["MAX_QUANTITY", "BillbeeUpdateStockTool", "StockAPI", "UpdateStockInput"]

Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# Decimal keeps quantities exact; the model is shown a plain JSON number (not number-or-string).
Quantity = Annotated[
    Decimal,
    Field(ge=0, le=MAX_QUANTITY),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": int(MAX_QUANTITY)}),
]


def _one_product(sku: str | None, product_id: int | None) -> None:
    if (sku is None) == (product_id is None):
        given = "both" if sku is not None else "neither"
        raise ValueError(
            f"give exactly one of sku or billbee_product_id (got {given}); "
            "billbee_list_products shows both for every product"
        )


_EXPECTED = (
    "Optional guard: the stock you expect now; if Billbee's differs just before the write, "
    "nothing is written."
)


class StockItemInput(ToolArgs):
    """One product and its new stock."""

    sku: Sku | None = Field(default=None, description="SKU of the product (or billbee_product_id).")
    billbee_product_id: BillbeeId | None = Field(
        default=None, description="Billbee product id (or sku)."
    )
    new_quantity: Quantity = Field(description="The new absolute stock level (≥ 0).")
    expected_quantity: Quantity | None = Field(default=None, description="As expected_quantity.")

    @model_validator(mode="after")
    def _named(self) -> Self:
        _one_product(self.sku, self.billbee_product_id)
        return self


class UpdateStockInput(ToolArgs):
    """Which product(s), and the new absolute stock: one product, or ``items`` for many.

    The body names (``Sku``, ``NewQuantity``, ``BillbeeId``, ``Reason``, ``StockId``) are the
    serialization aliases; ``expected_quantity`` and ``items`` are ours and never sent.
    """

    model_config = BODY

    sku: Sku | None = Field(default=None, description="SKU of the product (or billbee_product_id).")
    billbee_product_id: BillbeeId | None = Field(
        default=None,
        description="Billbee product id (or sku).",
        serialization_alias="BillbeeId",
    )
    new_quantity: Quantity | None = Field(
        default=None,
        description=(
            "The new stock level as an absolute number ≥ 0 (not a change: to add 5 to a stock "
            "of 12, send 17)."
        ),
    )
    expected_quantity: Quantity | None = Field(default=None, description=_EXPECTED)
    items: list[StockItemInput] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_STOCK_ITEMS,
        description=(
            f"Instead of the single-product fields: up to {MAX_STOCK_ITEMS} products at once (a "
            "stock count), one approval for all."
        ),
    )
    reason: str | None = Field(
        default=None, max_length=200, description="Why the stock changes; shown in Billbee."
    )
    stock_id: BillbeeId | None = Field(
        default=None,
        description="Stock location id, only with several stocks.",
    )

    @model_validator(mode="after")
    def _one_or_many(self) -> Self:
        single = [
            name
            for name in ("sku", "billbee_product_id", "new_quantity", "expected_quantity")
            if getattr(self, name) is not None
        ]
        if self.items is not None:
            if single:
                raise ValueError(
                    f"give either items or {', '.join(single)} for one product, not both"
                )
            return self
        _one_product(self.sku, self.billbee_product_id)
        if self.new_quantity is None:
            raise ValueError("new_quantity is required (or give items for several products)")
        return self

    def changes(self) -> list[StockChange]:
        """The items as the wrapper takes them (one for a single product)."""
        rows: list[StockItemInput | UpdateStockInput] = [self]
        if self.items is not None:
            rows = [*self.items]
        return [
            StockChange.model_validate(
                {
                    "sku": row.sku,
                    "billbee_product_id": row.billbee_product_id,
                    "new_quantity": row.new_quantity,
                    "expected_quantity": row.expected_quantity,
                }
            )
            for row in rows
        ]


def _body_of(
    reason: str | None, stock_id: int | None
) -> Callable[[str, StockChange], dict[str, object]]:
    """Builds each ``UpdateStockApiModel`` from the schema's wire names (SKU always: Billbee
    answers "Parameter SKU is empty" without it, even when ``BillbeeId`` is given)."""

    def body(sku: str, change: StockChange) -> dict[str, object]:
        values = {
            "sku": sku,
            "new_quantity": change.new_quantity,
            "billbee_product_id": change.billbee_product_id,
            "reason": reason,
            "stock_id": stock_id,
        }
        return {k: v for k, v in wire(UpdateStockInput, values).items() if v is not None}

    return body


class StockAPI(ProductsAPI):
    """The wrapper's stock writes (part of ``BillbeeAPIWrapper``): one product or a batch."""

    def update_stock(
        self,
        *,
        new_quantity: Decimal | int | float | str,
        sku: str | None = None,
        billbee_product_id: int | None = None,
        reason: str | None = None,
        stock_id: int | None = None,
        expected_quantity: Decimal | int | float | str | None = None,
    ) -> StockUpdateResult:
        """Set a product's absolute stock (``POST /products/updatestock``); reports old and new.

        Safe to retry: the quantity is absolute, so repeating the call changes nothing.
        Billbee answers "Parameter SKU is empty" without a SKU, so a product given only by id
        is looked up first (one extra ``GET /products/{id}``), as it is for
        ``expected_quantity`` (raises :class:`BillbeeStockChangedError` when the stock
        differs, nothing written) and in a dry run (returns what would change, sends nothing).
        """
        change = StockChange.model_validate(
            {
                "new_quantity": new_quantity,
                "sku": sku,
                "billbee_product_id": billbee_product_id,
                "expected_quantity": expected_quantity,
            }
        )
        # The mixin only ever runs as part of BillbeeAPIWrapper (get_product, list_products).
        api = cast("BillbeeAPIWrapper", self)
        body_of = _body_of(reason, stock_id)
        outcome = change_stock_one(api, change, stock_id=stock_id, body_of=body_of)
        return as_update_result(outcome)

    def update_stock_multiple(
        self,
        items: Sequence[StockChange | Mapping[str, Any]],
        *,
        reason: str | None = None,
        stock_id: int | None = None,
        batch_size: int = STOCK_BATCH_SIZE,
    ) -> list[StockItemOutcome]:
        """Set many products' stock (``POST /products/updatestockmultiple``, ``batch_size``
        items per request); one :class:`StockItemOutcome` per item, in order.

        Each item is a :class:`StockChange` or a mapping with ``new_quantity`` and ``sku`` or
        ``billbee_product_id`` (optionally ``expected_quantity``). Items fail one by one: a
        refused item or a changed stock leaves the others to go through. Products are read
        first only where needed (no SKU, ``expected_quantity``, dry run), at most one read per
        item.
        """
        api = cast("BillbeeAPIWrapper", self)
        body_of = _body_of(reason, stock_id)
        return change_stock_many(
            api, items, stock_id=stock_id, body_of=body_of, batch_size=batch_size
        )


class BillbeeUpdateStockTool(BillbeeBaseTool[UpdateStockInput]):
    """Set a product's stock; a write that Billbee pushes to the connected shops.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeUpdateStockTool

            tool = BillbeeUpdateStockTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"sku": "KR-01-500", "new_quantity": 40})
            # SKU KR-01-500: stock 115 → 40 (unfulfilled 0). Billbee passes the new stock …

        Gate it behind human approval: ``BillbeeToolkit.interrupt_on()``.
    """

    name: str = "billbee_update_stock"
    description: str = (
        "Set the stock level of one product, identified by SKU or Billbee product id, to an "
        "absolute quantity, or of many at once with items. This WRITES live data: Billbee "
        "pushes the new stock to every connected shop and marketplace. Sending the same "
        "quantity again is harmless. Returns the old and new stock."
    )
    args_schema: ArgsSchema | None = UpdateStockInput
    access: ClassVar[Access] = "write"
    review_note: ClassVar[str] = (
        "Sets a product's stock in Billbee. Billbee pushes the new level to every connected "
        "shop and marketplace, which changes what customers can order."
    )
    not_found_hint: ClassVar[str] = (
        "Check the SKU or billbee_product_id with billbee_list_products."
    )
    verify_hint: ClassVar[str] = "the product's current stock with billbee_list_products"
    # Safe: the sandbox's default shop holds 115 of this SKU already.
    example_args: ClassVar[Mapping[str, Any]] = {
        "sku": "KR-01-500",
        "new_quantity": 115,
        "reason": "stock count",
    }

    @classmethod
    def preview_change(cls, api: BillbeeAPIWrapper, args: UpdateStockInput) -> str:
        return preview_stock_changes(api, args.changes(), stock_id=args.stock_id)

    def _call(self, args: UpdateStockInput) -> Rendered:
        if args.items is not None:
            outcomes = self.api_wrapper.update_stock_multiple(
                args.changes(), reason=args.reason, stock_id=args.stock_id
            )
            return render_stock_outcomes(outcomes)
        try:
            result = self.api_wrapper.update_stock(**args.kwargs(exclude=("items",)))
        except BillbeeStockChangedError as changed:
            return render_stock_changed(changed)
        return render_stock_update(result, sku=args.sku, product_id=args.billbee_product_id)
