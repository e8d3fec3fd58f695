"""The last copy of each order this wrapper read, so a write can name what it changed.

Billbee's answer to ``PUT /orders/{id}/orderstate`` is empty: it does not say which order number
that was or which state the order had. An approval preview, a dry run or the agent itself has
usually just read the order, so that copy is kept (with the time it was read) and the audit
record takes the number and the earlier state from it, at no extra request. Bounded, and
thread-safe because one wrapper serves concurrent tool calls.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from langchain_billbee.audit import utc_now
from langchain_billbee.models import Order

__all__ = ["RecentOrder", "RecentOrders"]

_KEEP = 512
_MAX_AGE_S = 3600.0  # older copies say too little about the state a write replaced


@dataclass(frozen=True)
class RecentOrder:
    order_number: str | None
    state: int
    read_at: str  # UTC, as in audit records
    monotonic: float


class RecentOrders:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: OrderedDict[int, RecentOrder] = OrderedDict()

    def remember(self, order: Order) -> None:
        seen = RecentOrder(order.order_number, order.state, utc_now(), time.monotonic())
        with self._lock:
            self._orders[order.bill_bee_order_id] = seen
            self._orders.move_to_end(order.bill_bee_order_id)
            while len(self._orders) > _KEEP:
                self._orders.popitem(last=False)

    def get(self, order_id: int) -> RecentOrder | None:
        with self._lock:
            seen = self._orders.get(order_id)
        if seen is None or time.monotonic() - seen.monotonic > _MAX_AGE_S:
            return None
        return seen

    def forget(self, order_id: int) -> None:
        with self._lock:
            self._orders.pop(order_id, None)
