"""Stock: set a product's absolute stock level (a write).

Args schema, the wrapper's stock method (``StockAPI``), the renderer and the tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, StringConstraints, WithJsonSchema, model_validator
from typing_extensions import Self

from langchain_billbee._errors import BillbeeError
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee.models import StockUpdateResult
from langchain_billbee.tools._args import BODY, BillbeeId, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered, dump, quantity, text
from langchain_billbee.tools.products import ProductsAPI

MAX_QUANTITY = Decimal(1_000_000_000)
"""Largest stock level ``update_stock`` sends. Billbee reads the quantity as a double, so
without a bound a value like ``1e400`` would reach it as a 401-digit integer; no shop stocks
a billion units of one product."""

Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# Decimal keeps quantities exact; the model is shown a plain JSON number (not number-or-string).
Quantity = Annotated[
    Decimal,
    Field(ge=0, le=MAX_QUANTITY),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": int(MAX_QUANTITY)}),
]


class UpdateStockInput(ToolArgs):
    """Which product, and its new absolute stock (all in the body of the update)."""

    model_config = BODY

    sku: Sku | None = Field(
        default=None, description="SKU of the product. Give either sku or billbee_product_id."
    )
    billbee_product_id: BillbeeId | None = Field(
        default=None,
        description="Billbee product id (from billbee_list_products). Give either this or sku.",
        serialization_alias="BillbeeId",
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


class StockAPI(ProductsAPI):
    """The wrapper's stock write (part of ``BillbeeAPIWrapper``); reads a product for its SKU."""

    def update_stock(
        self,
        *,
        new_quantity: Decimal | int | float | str,
        sku: str | None = None,
        billbee_product_id: int | None = None,
        reason: str | None = None,
        stock_id: int | None = None,
    ) -> StockUpdateResult:
        """Set a product's absolute stock (``POST /products/updatestock``); reports old and new.

        Safe to retry: the quantity is absolute, so repeating the call changes nothing.
        Billbee answers "Parameter SKU is empty" without a SKU, so a product given only by id
        is looked up first (one extra ``GET /products/{id}``).
        """
        new_quantity = _quantity(new_quantity)
        if not sku and billbee_product_id is None:
            raise ValueError("update_stock needs sku or billbee_product_id")
        if not sku:
            assert billbee_product_id is not None
            sku = self._sku_of(billbee_product_id)
        body = {k: v for k, v in wire(UpdateStockInput, locals()).items() if v is not None}
        data = unwrap_data(self._request("POST", "/products/updatestock", body=body))
        return parse_record(StockUpdateResult, data or {}, "POST", "/products/updatestock")

    def _sku_of(self, billbee_product_id: int) -> str:
        sku = self.get_product(billbee_product_id).sku
        if not sku:
            raise BillbeeError(
                message=f"Billbee product {billbee_product_id} has no SKU, and Billbee only "
                "updates stock by SKU. Give the product a SKU in Billbee first.",
                path=f"/products/{billbee_product_id}",
            )
        return sku


def _quantity(value: Decimal | int | float | str) -> Decimal:
    try:
        # Through str so 0.1 becomes Decimal("0.1"), not the binary float's expansion.
        quantity = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"new_quantity must be a number, got {value!r}") from None
    if not quantity.is_finite() or not 0 <= quantity <= MAX_QUANTITY:
        raise ValueError(
            f"new_quantity must be a finite number >= 0 and <= {MAX_QUANTITY}, got {value}"
        )
    return quantity


def render_stock_update(
    result: StockUpdateResult, *, sku: str | None, product_id: int | None
) -> Rendered:
    # Billbee's echo of the SKU names what changed; sanitized like any value it sends.
    echoed = result.sku or sku
    label = f"SKU {text(echoed, 40)}" if echoed else f"product {product_id}"
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
        "absolute quantity. This WRITES live data: Billbee pushes the new stock to every "
        "connected shop and marketplace, which changes what customers can buy. Sending the "
        "same quantity again is harmless. Returns the old and new stock."
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

    def _call(self, args: UpdateStockInput) -> Rendered:
        result = self.api_wrapper.update_stock(**args.kwargs())
        return render_stock_update(result, sku=args.sku, product_id=args.billbee_product_id)
