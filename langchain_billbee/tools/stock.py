"""Stock tool: set a product's absolute stock level."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, StringConstraints, WithJsonSchema, model_validator
from typing_extensions import Self

from langchain_billbee._client import MAX_QUANTITY
from langchain_billbee.tools._args import BillbeeId, ToolArgs
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered, render_stock_update

Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# Decimal keeps quantities exact; the model is shown a plain JSON number (not number-or-string).
Quantity = Annotated[
    Decimal,
    Field(ge=0, le=MAX_QUANTITY),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": int(MAX_QUANTITY)}),
]


class UpdateStockInput(ToolArgs):
    """Which product, and its new absolute stock."""

    sku: Sku | None = Field(
        default=None, description="SKU of the product. Give either sku or billbee_product_id."
    )
    billbee_product_id: BillbeeId | None = Field(
        default=None,
        description="Billbee product id (from billbee_list_products). Give either this or sku.",
    )
    new_quantity: Quantity = Field(
        description=(
            "The new stock level as an absolute number ≥ 0 (not a change: to add 5 to a stock "
            "of 12, send 17)."
        ),
    )
    reason: str | None = Field(
        default=None, max_length=200, description="Why the stock changes; shown in Billbee."
    )
    stock_id: BillbeeId | None = Field(
        default=None,
        description="Stock location id, only for accounts with several stocks; else omit.",
    )

    @model_validator(mode="after")
    def _one_product(self) -> Self:
        if (self.sku is None) == (self.billbee_product_id is None):
            given = "both" if self.sku is not None else "neither"
            raise ValueError(
                f"give exactly one of sku or billbee_product_id (got {given}); "
                "billbee_list_products shows both for every product"
            )
        return self


class BillbeeUpdateStockTool(BillbeeBaseTool[UpdateStockInput]):
    """Set a product's stock; a write that Billbee pushes to the connected shops.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

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
        "absolute quantity. This WRITES live data: Billbee pushes the new stock to every "
        "connected shop and marketplace, which changes what customers can buy. Only use it "
        "when the user asked for this change. Sending the same quantity again is harmless. "
        "Returns the old and new stock, e.g. 'SKU X: stock 12 → 40 (unfulfilled 0)'."
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

    def _call(self, args: UpdateStockInput) -> Rendered:
        result = self.api_wrapper.update_stock(
            new_quantity=args.new_quantity,
            sku=args.sku,
            billbee_product_id=args.billbee_product_id,
            reason=args.reason,
            stock_id=args.stock_id,
        )
        return render_stock_update(result, sku=args.sku, product_id=args.billbee_product_id)
