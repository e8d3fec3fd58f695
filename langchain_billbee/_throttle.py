"""Proactive throttling, so an agent never provokes Billbee's HTTP 429 in the first place.

Billbee allows at most 2 requests per second per (API key, user) pair, and throttles two calls
further: ``GET /orders/invoices`` once a minute for the same page and ``minInvoiceDate``, and
``GET /orders/{id}`` six times a minute per order. Each of the three is a
:class:`~langchain_billbee._window.SlidingWindow` of the pair ("pace", "invoices", "order"),
spent by every wrapper, tool and thread using the pair: a :class:`Budget`. In-process
(:class:`LocalBudget`) by default; shared by every process and host through Redis with
``rate_limit_url`` (:mod:`langchain_billbee._redis_budget`). Credentials never become keys:
only a SHA-256 digest of them.

The cached answers of the per-call throttles belong to one wrapper (:class:`CallThrottles`):
sharing them between wrappers would let one serve another data it never asked for (e.g. from
before a sandbox reset).
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections.abc import Callable, Hashable
from typing import Any, Literal, Protocol

from langchain_billbee._window import MIN_WAIT_S, Clock, Sleep, SlidingWindow, Turns

__all__ = [
    "BILLBEE_REQUESTS_PER_SECOND",
    "INVOICE_CACHE_TTL_S",
    "MIN_WAIT_S",
    "ORDER_FETCH_LIMIT",
    "ORDER_FETCH_WINDOW_S",
    "SAFETY_MARGIN_S",
    "Budget",
    "CallThrottles",
    "Kind",
    "LocalBudget",
    "OrderFetchThrottle",
    "Pace",
    "ResponseCache",
    "local_budget",
    "pair_digest",
    "period_for",
    "reset_registry",
]

Gate = Callable[[], None]
Kind = Literal["pace", "order", "invoices"]

SAFETY_MARGIN_S = 0.02
"""Added to the 1/rps spacing. Spacing of exactly 0.5 s puts three requests at 0, 0.5 and 1.0,
which a closed one-second window on Billbee's side counts as three, and network jitter can
shrink the gaps the server sees; 20 ms absorbs both at a negligible cost in throughput."""

BILLBEE_REQUESTS_PER_SECOND = 2.0
"""Billbee's rule per (API key, user): the pace of a pair unless a wrapper asks for more."""

INVOICE_CACHE_TTL_S = 60.0
ORDER_FETCH_LIMIT = 6
ORDER_FETCH_WINDOW_S = 60.0


def period_for(requests_per_second: float) -> float:
    """Minimum seconds between two requests at ``requests_per_second``."""
    if requests_per_second <= 0:
        raise ValueError("requests_per_second must be positive")
    return 1.0 / requests_per_second + SAFETY_MARGIN_S


def pair_digest(api_key: str, username: str) -> str:
    """The (API key, user) pair as a key: a digest, never the credentials themselves."""
    return hashlib.sha256(f"{api_key}\0{username}".encode()).hexdigest()


class Budget(Protocol):
    """The windows of one (API key, user) pair, wherever they are counted."""

    @property
    def pace_period(self) -> float: ...

    def allow(self, requests_per_second: float) -> None:
        """Let the pair's pace be as fast as ``requests_per_second`` (the fastest asked wins)."""

    def acquire(self, kind: Kind, key: Hashable, sleep: Sleep) -> None:
        """Block, in arrival order, until ``kind``'s window admits ``key``, and take the slot."""

    def wait(self, kind: Kind, key: Hashable) -> float:
        """Seconds until ``kind``'s window would admit ``key`` (0.0: now); takes nothing."""

    def hold(self, kind: Kind, key: Hashable, seconds: float) -> None:
        """Admit nothing for ``key`` in ``kind``'s window for ``seconds`` (a Retry-After)."""


class LocalBudget:
    """A pair's windows in this process (the default, and the fallback when Redis is away)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        # The pace starts at Billbee's documented rate; a wrapper asking for more raises it.
        self.windows: dict[Kind, SlidingWindow] = {
            "pace": SlidingWindow(1, period_for(BILLBEE_REQUESTS_PER_SECOND), clock),
            "order": SlidingWindow(ORDER_FETCH_LIMIT, ORDER_FETCH_WINDOW_S, clock),
            "invoices": SlidingWindow(1, INVOICE_CACHE_TTL_S, clock),
        }
        self._lock = threading.Lock()

    @property
    def pace_period(self) -> float:
        return self.windows["pace"].period

    def allow(self, requests_per_second: float) -> None:
        period = period_for(requests_per_second)
        with self._lock:
            pace = self.windows["pace"]
            if period < pace.period:
                pace.period = period

    def acquire(self, kind: Kind, key: Hashable, sleep: Sleep) -> None:
        self.windows[kind].acquire(key, sleep)

    def wait(self, kind: Kind, key: Hashable) -> float:
        return self.windows[kind].wait(key)

    def hold(self, kind: Kind, key: Hashable, seconds: float) -> None:
        self.windows[kind].hold(key, seconds)


class Pace:
    """One wrapper's own spacing, when it asks for fewer requests per second than its pair.

    A wrapper built with ``requests_per_second=0.25`` waits for its own 4 s spacing and then
    for the pair's turn; other wrappers with the same credentials keep the pair's pace.
    """

    def __init__(self, requests_per_second: float, clock: Clock) -> None:
        self.requests_per_second, self.clock = requests_per_second, clock
        self.window = SlidingWindow(1, period_for(requests_per_second), clock)

    def acquire(self, budget: Budget, sleep: Sleep) -> None:
        budget.allow(self.requests_per_second)
        if self.window.period <= budget.pace_period:
            budget.acquire("pace", None, sleep)
            return
        # The own turn is held through the pair's wait, so the own spacing counts from the
        # moment the request is really admitted, not from when it joined the pair's queue.
        with self.window.turn(None):
            while (wait := self.window.wait(None)) > 0:
                sleep(wait + MIN_WAIT_S)
            budget.acquire("pace", None, sleep)
            self.window.record(None)


_registry_lock = threading.Lock()
_budgets: dict[tuple[str, Clock], LocalBudget] = {}


def local_budget(api_key: str, username: str, clock: Clock) -> LocalBudget:
    """The process-wide budget of this (API key, user) pair, created on first use.

    Keyed by the clock too: a window only makes sense against one clock, and production code
    always uses the same monotonic clock, so sharing across wrappers is unaffected.
    """
    key = (pair_digest(api_key, username), clock)
    with _registry_lock:
        budget = _budgets.get(key)
        if budget is None:
            budget = _budgets[key] = LocalBudget(clock)
        return budget


def reset_registry() -> None:
    """Forget all budgets (tests; a long-lived process never needs it)."""
    with _registry_lock:
        _budgets.clear()


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
