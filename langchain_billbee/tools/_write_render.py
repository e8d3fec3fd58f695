"""What the model reads after a stock write: the change as Billbee reported it, a dry run's
forecast, and a batch item by item (``tools/stock.py`` keeps the tool; this keeps it short).

A dry run's answer starts with ``DRY RUN`` and ends with "nothing was sent to Billbee", so a
model cannot mistake it for a change and a person reading the transcript cannot either.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_billbee._stock_batch import BillbeeStockChangedError, StockItemOutcome
from langchain_billbee.models import StockUpdateResult
from langchain_billbee.tools._format import Rendered, dump, quantity, text

__all__ = [
    "render_stock_changed",
    "render_stock_outcomes",
    "render_stock_update",
]

NOTHING_SENT = "nothing was sent to Billbee"
_SYNCED_STATE = (
    "Billbee passes the new state on to the connected shop or marketplace where that is configured."
)


def _item_label(item: StockItemOutcome) -> str:
    return f"SKU {text(item.sku, 40)}" if item.sku else f"product {item.billbee_product_id}"


def _item_line(item: StockItemOutcome) -> str:
    label = _item_label(item)
    unfulfilled = (
        f" ({quantity(item.unfulfilled_amount)} unfulfilled)"
        if item.unfulfilled_amount is not None
        else ""
    )
    if item.outcome == "not_sent":
        old, new = quantity(item.old_stock), quantity(item.new_quantity)
        return f"{label}: would set stock {old} → {new}{unfulfilled}"
    if item.outcome == "done":
        change = f"stock {quantity(item.old_stock)} → {quantity(item.current_stock)}"
        return f"{label}: {change}{unfulfilled}"
    if item.outcome == "may_have_landed":
        return (
            f"{label}: NOT CONFIRMED, may have been set to {quantity(item.new_quantity)} "
            f"({text(item.message, 120)}); check the stock before repeating"
        )
    return f"{label}: NOT SET ({text(item.message, 160)})"


def render_stock_outcomes(items: Sequence[StockItemOutcome]) -> Rendered:
    """One line per product, the ones that were not set first, then a count line."""
    artifact = {"Data": [dump(item) for item in items]}
    if items and all(item.dry_run for item in items):
        head = f"DRY RUN — would set the stock of {len(items)} product(s); {NOTHING_SENT}:"
        return "\n".join([head, *(f"- {_item_line(i)}" for i in items)]), artifact
    counts: dict[str, int] = {}
    for item in items:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    summary = ", ".join(
        f"{n} {label}"
        for key, label in (
            ("done", "set"),
            ("refused", "not set"),
            ("failed", "not sent"),
            ("may_have_landed", "not confirmed"),
        )
        if (n := counts.get(key, 0))
    )
    problems = [i for i in items if i.outcome != "done"]
    done = [i for i in items if i.outcome == "done"]
    head = f"Stock of {len(items)} product(s): {summary}."
    tail = "Billbee passes the new stock on to the connected shops." if done else ""
    body = [f"- {_item_line(i)}" for i in (*problems, *done)]
    return "\n".join([head, *body, *([tail] if tail else [])]), artifact


def _render_stock_dry_run(result: StockUpdateResult, *, label: str) -> Rendered:
    unfulfilled = (
        f" ({quantity(result.unfulfilled_amount)} unfulfilled)"
        if result.unfulfilled_amount is not None
        else ""
    )
    content = (
        f"DRY RUN — would set the stock of {label} from {quantity(result.old_stock)} to "
        f"{quantity(result.current_stock)}{unfulfilled}; {NOTHING_SENT}."
    )
    return content, {"Data": dump(result)}


def render_stock_changed(error: BillbeeStockChangedError) -> Rendered:
    """The guard's answer: not an error of the call, a finding the user must decide on."""
    current = quantity(error.current)
    content = (
        f"{error.message}. Tell the user the stock changed since they counted; to set it "
        f"anyway, call again with expected_quantity {current} (or without expected_quantity)."
    )
    data = {"SKU": error.sku, "CurrentStock": current, "Written": False}
    return content, {"Data": data}


def render_stock_update(
    result: StockUpdateResult, *, sku: str | None, product_id: int | None
) -> Rendered:
    """One product's change as Billbee reported it, or a dry run's forecast."""
    # Billbee's echo of the SKU names what changed; sanitized like any value it sends.
    echoed = result.sku or sku
    label = f"SKU {text(echoed, 40)}" if echoed else f"product {product_id}"
    if (result.model_extra or {}).get("DryRun"):
        return _render_stock_dry_run(result, label=label)
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
