"""The cached answers of Billbee's per-call throttles, as one wrapper keeps them.

The windows themselves belong to the (API key, user) pair (:mod:`langchain_billbee._throttle`);
the cached answers belong to one wrapper: sharing them between wrappers would let one serve
another data it never asked for (e.g. from before a sandbox reset).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from langchain_billbee._window import Clock, Turns

if TYPE_CHECKING:
    from langchain_billbee._throttle import Budget

__all__ = [
    "INVOICE_CACHE_TTL_S",
    "ORDER_FETCH_WINDOW_S",
    "CallThrottles",
    "Gate",
    "OrderFetchThrottle",
    "ResponseCache",
]

Gate = Callable[[], None]

INVOICE_CACHE_TTL_S = 60.0
ORDER_FETCH_WINDOW_S = 60.0


class ResponseCache:
    """Decoded responses by key for ``ttl`` seconds (for Billbee's once-a-minute invoice list).

    Billbee counts its invoice throttle per page and ``minInvoiceDate``, not per full query: a
    second list that differs only in, say, ``shopId`` within the minute is answered with 429.
    So a miss also waits for that slot (the budget's "invoices" window) instead of provoking it.
    """

    def __init__(self, ttl: float = INVOICE_CACHE_TTL_S) -> None:
        self._ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._slots = Turns()

    def fetch(
        self,
        key: Hashable,
        slot: Hashable,
        request: Callable[[Gate], Any],
        take_slot: Gate,
        clock: Clock,
    ) -> Any:
        """The cached answer for ``key``, else ``request(gate)``'s, stored for the next caller.

        ``gate`` runs ``take_slot`` on the request's first attempt only: retries (after a 5xx
        or a dropped connection) go out without another minute's wait, and a 429 among them
        brings its own Retry-After. One caller per slot at a time, from the cache check to the
        store: a concurrent identical query then finds the first one's answer instead of
        waiting out the minute to ask Billbee again.
        """
        with self._slots.turn(slot):
            cached = self.get(key, clock())
            if cached is not None:
                return cached
            value = request(_once(take_slot))
            self.put(key, value, clock())
            return value

    def get(self, key: Hashable, now: float) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or now - entry[0] >= self._ttl:
                return None
            # A copy, so a caller mutating its result cannot alter what the next caller gets.
            return copy.deepcopy(entry[1])

    def put(self, key: Hashable, value: Any, now: float) -> None:
        with self._lock:
            expired = [k for k, (at, _) in self._entries.items() if now - at >= self._ttl]
            for k in expired:
                del self._entries[k]
            self._entries[key] = (now, copy.deepcopy(value))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _once(gate: Gate) -> Gate:
    taken = False

    def first_time_only() -> None:
        nonlocal taken
        if not taken:
            gate()
            taken = True

    return first_time_only


class OrderFetchThrottle:
    """The last fetched copy of each order, for when its 6-a-minute window is full.

    Past the limit, the copy is served if no write to that order happened since; otherwise
    the caller waits for a slot. Writes bump a per-order generation so a fetch that raced a
    write never stores a stale copy.
    """

    def __init__(self, window: float = ORDER_FETCH_WINDOW_S) -> None:
        self._window = window
        self._lock = threading.Lock()
        self._cache: dict[int, tuple[float, Any]] = {}
        self._generation: dict[int, int] = {}

    def generation(self, order_id: int) -> int:
        with self._lock:
            return self._generation.get(order_id, 0)

    def cached_if_saturated(self, order_id: int, budget: Budget, now: float) -> Any | None:
        """The stored copy when the order's window is full and no write happened, else None."""
        with self._lock:
            # Past the window the copy is never served again: free it.
            self._cache = {k: v for k, v in self._cache.items() if now - v[0] < self._window}
            entry = self._cache.get(order_id)
        if entry is None or budget.wait("order", order_id) <= 0:
            return None
        return copy.deepcopy(entry[1])

    def store(self, order_id: int, payload: Any, generation: int, now: float) -> None:
        with self._lock:
            if self._generation.get(order_id, 0) == generation:
                self._cache[order_id] = (now, copy.deepcopy(payload))

    def invalidate(self, order_id: int) -> None:
        with self._lock:
            self._generation[order_id] = self._generation.get(order_id, 0) + 1
            self._cache.pop(order_id, None)


class CallThrottles:
    """The cached answers of Billbee's per-call throttles, as one wrapper keeps them."""

    def __init__(self) -> None:
        self.invoices = ResponseCache()
        self.orders = OrderFetchThrottle()
