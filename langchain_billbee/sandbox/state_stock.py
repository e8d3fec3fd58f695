"""Products and stock for :class:`~.state.BillbeeBackend` (kept apart to keep files small)."""

from __future__ import annotations

import re
import threading
from datetime import datetime
from decimal import Decimal

from . import views
from .data import DemoData, dbl
from .records import InvalidData, NotFound, Page, Record, paginate

__all__ = ["StockMixin"]

_ID = re.compile(r"[0-9]{1,19}")
OPEN_STATES = frozenset({1, 2, 3, 13, 15, 16})  # not shipped yet: their items count as unfulfilled


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


class StockMixin:
    """Article_GetList, Article_GetArticle and Article_UpdateStock."""

    _lock: threading.RLock
    _orders: dict[int, Record]
    _products: dict[int, Record]

    def _loaded(self) -> DemoData:
        raise NotImplementedError

    def _unfulfilled_amounts(self) -> dict[int, Decimal]:
        totals: dict[int, Decimal] = {}
        with self._lock:
            orders = list(self._orders.values())
        for order in orders:
            if order["State"] in OPEN_STATES:
                for item in order["OrderItems"]:
                    pid = item["Product"]["BillbeeId"]
                    totals[pid] = totals.get(pid, Decimal(0)) + item["Quantity"]
        return totals

    def get_products(
        self, *, page: int = 1, page_size: int = 50, min_created_at: datetime | None = None,
        minimum_billbee_article_id: int | None = None,
        maximum_billbee_article_id: int | None = None,
    ) -> Page:  # fmt: skip
        """Article_GetList, by id.

        The product model has no creation date; the sandbox keeps one per product for
        ``minCreatedAt``."""
        created = self._loaded().product_created
        with self._lock:
            products = list(self._products.values())
        unfulfilled = self._unfulfilled_amounts()
        selected = [
            p for p in products
            if (min_created_at is None or created[p["Id"]] >= min_created_at)
            and (minimum_billbee_article_id is None or p["Id"] >= minimum_billbee_article_id)
            and (maximum_billbee_article_id is None or p["Id"] <= maximum_billbee_article_id)
        ]  # fmt: skip
        result = paginate(selected, page, page_size)
        items = [
            views.product_with_unfulfilled(p, unfulfilled.get(p["Id"], Decimal(0)))
            for p in result.items
        ]
        return Page(items, page, page_size, result.total_rows)

    def _find_product(self, key: str, lookup_by: str) -> Record | None:
        self._loaded()
        with self._lock:
            products = list(self._products.values())
        if lookup_by == "id":  # ASCII digits: str.isdigit() also takes "²", which int() refuses
            return self._products.get(int(key)) if _ID.fullmatch(key) else None
        field = "SKU" if lookup_by == "sku" else "EAN"
        return next((p for p in products if p[field] == key), None)

    def get_product(self, key: str, lookup_by: str = "id") -> Record:
        """Article_GetArticle by ``id``, ``sku`` or ``ean``; raises NotFound / InvalidData."""
        lookup = lookup_by.lower()
        if lookup not in ("id", "sku", "ean"):
            raise InvalidData(f"Invalid lookupBy '{lookup_by}': use id, sku or ean")
        product = self._find_product(key, lookup)
        if product is None:
            raise NotFound(f"product {key}")
        unfulfilled = self._unfulfilled_amounts().get(product["Id"], Decimal(0))
        return views.product_with_unfulfilled(product, unfulfilled)

    def update_stock(
        self, *, sku: str | None, new_quantity: Decimal | None, billbee_id: int | None = None,
        stock_id: int | None = None, reason: str | None = None,
        autosubtract_reserved_amount: bool = False,
    ) -> Record:  # fmt: skip
        """Article_UpdateStock: set the absolute stock, answer UpdateStockResponseData.

        A ``Sku`` is required even when ``BillbeeId`` is given (Billbee answers "Parameter SKU is
        empty" otherwise); the product is then found by ``BillbeeId`` if given, else by SKU.
        ``Reason``, ``OldQuantity``, ``DeltaQuantity`` and ``ForceSendStockToShops`` are ignored."""
        if not sku:
            raise InvalidData("Parameter SKU is empty")
        if new_quantity is None:
            raise InvalidData("Parameter NewQuantity is empty")
        key, lookup = (str(billbee_id), "id") if billbee_id is not None else (sku, "sku")
        with self._lock:
            product = self._find_product(key, lookup)
            if product is None:
                raise InvalidData(f"Article with {lookup.upper()} {key} not found")
            if stock_id is not None and all(s["StockId"] != stock_id for s in product["Stocks"]):
                raise InvalidData(f"Stock {stock_id} not found")
            unfulfilled = self._unfulfilled_amounts().get(product["Id"], Decimal(0))
            target = new_quantity - unfulfilled if autosubtract_reserved_amount else new_quantity
            old = product["StockCurrent"]
            self._products[product["Id"]] = {
                **product, "StockCurrent": dbl(target),
                "LowStock": target <= product["StockWarning"],
                "Stocks": [{**s, "StockCurrent": dbl(target)} for s in product["Stocks"]],
            }  # fmt: skip
        message = f"The qty was successfully updated from {_number(old)} to {_number(target)}"
        return {"SKU": product["SKU"], "OldStock": old, "CurrentStock": dbl(target),
                "UnfulfilledAmount": dbl(unfulfilled), "Message": message}  # fmt: skip
