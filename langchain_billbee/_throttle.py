"""Proactive throttling, so an agent never provokes Billbee's HTTP 429 in the first place.

Billbee allows at most 2 requests per second per (API key, user) pair, and throttles two calls
further: ``GET /orders/invoices`` once a minute for the same page and ``minInvoiceDate``, and
``GET /orders/{id}`` six times a minute per order. The limiter is process-wide, keyed by that
pair, because every wrapper, tool and thread using the same pair spends the same budget
(credentials are never stored as keys: only a SHA-256 digest of them). The per-call throttles
belong to one wrapper: they hold cached responses, and sharing those between wrappers would
let one wrapper serve another data it never asked for (e.g. from before a sandbox reset).
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from ratelimit import RateLimitDecorator, RateLimitException

__all__ = [
    "INVOICE_CACHE_TTL_S",
    "ORDER_FETCH_LIMIT",
    "ORDER_FETCH_WINDOW_S",
    "SAFETY_MARGIN_S",
    "CallThrottles",
    "Limiter",
    "OrderFetchThrottle",
    "ResponseCache",
    "limiter_for",
    "reset_registry",
]

Clock = Callable[[], float]
Sleep = Callable[[float], None]
Gate = Callable[[], None]

SAFETY_MARGIN_S = 0.02
"""Added to the 1/rps spacing. Spacing of exactly 0.5 s puts three requests at 0, 0.5 and 1.0,
which a closed one-second window on Billbee's side counts as three, and network jitter can
shrink the gaps the server sees; 20 ms absorbs both at a negligible cost in throughput."""

MIN_WAIT_S = 0.001
"""Floor of one wait: float residue of window arithmetic can leave remainders like 1e-16 s,
which would otherwise turn the wait loop into a busy spin (or, on a virtual clock, a hang)."""

INVOICE_CACHE_TTL_S = 60.0
ORDER_FETCH_LIMIT = 6
ORDER_FETCH_WINDOW_S = 60.0


class Limiter:
    """Spaces calls at least ``1 / requests_per_second + SAFETY_MARGIN_S`` seconds apart.

    Built on ``ratelimit`` with ``calls=1``: its fixed windows restart at the first call after
    expiry, so with one call per window consecutive calls are a full period apart. The naive
    ``calls=2, period=1`` lets two calls at the end of one window and two at the start of the
    next through within milliseconds, four in one second. Blocking uses our own loop so the
    clock and the sleep are injectable.
    """

    def __init__(self, requests_per_second: float, *, clock: Clock) -> None:
        if requests_per_second <= 0:
            raise ValueError("requests_per_second must be positive")
        self._clock = clock
        self._lock = threading.Lock()
        self._window = RateLimitDecorator(
            calls=1, period=self._period(requests_per_second), clock=clock
        )
        # ratelimit starts its first window at construction, so a first call late in that window
        # and a second right after it expires would both pass, milliseconds apart. Starting in
        # an expired window makes every admission open a fresh one: admissions are >= period apart.
        self._window.last_reset = float("-inf")
        self._gate: Callable[[], None] = self._window(lambda: None)

    @staticmethod
    def _period(requests_per_second: float) -> float:
        return 1.0 / requests_per_second + SAFETY_MARGIN_S

    @property
    def period(self) -> float:
        """Minimum seconds between two calls."""
        return float(self._window.period)

    def slow_down_to(self, requests_per_second: float) -> None:
        """Adopt a slower rate if asked; two wrappers sharing a pair get the stricter of both."""
        with self._lock:
            self._window.period = max(self._window.period, self._period(requests_per_second))

    def acquire(self, sleep: Sleep) -> float:
        """Block until a call may go out; returns the clock reading at which it was admitted."""
        while True:
            with self._lock:
                try:
                    self._gate()
                    return self._clock()
                except RateLimitException as exc:
                    wait = float(exc.period_remaining)
            sleep(max(wait, MIN_WAIT_S))


class ResponseCache:
    """Decoded responses by key for ``ttl`` seconds (for Billbee's once-a-minute invoice list).

    Billbee counts its invoice throttle per page and ``minInvoiceDate``, not per full query: a
    second list that differs only in, say, ``shopId`` within the minute is answered with 429.
    So a miss also waits for that slot (``wait_for_slot``) instead of provoking the 429.
    """

    def __init__(self, ttl: float = INVOICE_CACHE_TTL_S) -> None:
        self._ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._slots: dict[Hashable, float] = {}
        self._slot_locks: dict[Hashable, tuple[threading.Lock, int]] = {}

    def fetch(
        self,
        key: Hashable,
        slot: Hashable,
        request: Callable[[Gate], Any],
        clock: Clock,
        sleep: Sleep,
    ) -> Any:
        """The cached answer for ``key``, else ``request(gate)``'s, stored for the next caller.

        ``gate`` waits for ``slot`` on the request's first attempt. One caller per slot at a
        time, from the cache check to the store: a concurrent identical query then finds the
        first one's answer instead of waiting out the minute to ask Billbee again.
        """
        with self._serialized(slot):
            cached = self.get(key, clock())
            if cached is not None:
                return cached
            value = request(self._first_attempt_gate(slot, clock, sleep))
            self.put(key, value, clock())
            return value

    @contextmanager
    def _serialized(self, slot: Hashable) -> Iterator[None]:
        # Counted, so the lock of a slot nobody is using is dropped: slots are unbounded
        # (every page and date an agent asks for), the callers at one time are not.
        with self._lock:
            lock, users = self._slot_locks.get(slot, (threading.Lock(), 0))
            self._slot_locks[slot] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                users = self._slot_locks[slot][1] - 1
                if users:
                    self._slot_locks[slot] = (lock, users)
                else:
                    del self._slot_locks[slot]

    def _first_attempt_gate(self, slot: Hashable, clock: Clock, sleep: Sleep) -> Gate:
        """Retries of one request (after a 5xx or a dropped connection) go out without another
        minute's wait; a 429 among them brings its own Retry-After."""
        taken = False

        def gate() -> None:
            nonlocal taken
            if not taken:
                self.wait_for_slot(slot, clock, sleep)
                taken = True

        return gate

    def wait_for_slot(self, slot: Hashable, clock: Clock, sleep: Sleep) -> None:
        """Block until ``slot`` was last used ``ttl`` seconds ago or more, then take it."""
        while True:
            with self._lock:
                now = clock()
                last = self._slots.get(slot)
                if last is None or now - last >= self._ttl:
                    self._slots = {k: t for k, t in self._slots.items() if now - t < self._ttl}
                    self._slots[slot] = now
                    return
                wait = last + self._ttl - now
            sleep(max(wait, MIN_WAIT_S))

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
            self._slots.clear()


class OrderFetchThrottle:
    """At most ``limit`` fetches per order in any rolling ``window`` seconds.

    Past the limit, the last fetched copy is served if no write to that order happened since;
    otherwise the caller waits for a slot. Writes bump a per-order generation so a fetch that
    raced a write never stores a stale copy.
    """

    def __init__(
        self, limit: int = ORDER_FETCH_LIMIT, window: float = ORDER_FETCH_WINDOW_S
    ) -> None:
        self._limit = limit
        self._window = window
        self._lock = threading.Lock()
        self._calls: dict[int, deque[float]] = {}
        self._cache: dict[int, Any] = {}
        self._generation: dict[int, int] = {}

    def _prune(self, now: float) -> None:
        for order_id in list(self._calls):
            calls = self._calls[order_id]
            while calls and now - calls[0] >= self._window:
                calls.popleft()
            if not calls:
                # Past the window the copy is never served again: free it.
                del self._calls[order_id]
                self._cache.pop(order_id, None)

    def generation(self, order_id: int) -> int:
        with self._lock:
            return self._generation.get(order_id, 0)

    def cached_if_saturated(self, order_id: int, now: float) -> Any | None:
        """The stored copy when the order's window is full and no write happened, else None."""
        with self._lock:
            self._prune(now)
            if len(self._calls.get(order_id, ())) < self._limit or order_id not in self._cache:
                return None
            return copy.deepcopy(self._cache[order_id])

    def wait_for_slot(self, order_id: int, clock: Clock, sleep: Sleep) -> None:
        """Block until the order has a free slot, then take it."""
        while True:
            with self._lock:
                now = clock()
                self._prune(now)
                calls = self._calls.setdefault(order_id, deque())
                if len(calls) < self._limit:
                    calls.append(now)
                    return
                wait = calls[0] + self._window - now
            sleep(max(wait, MIN_WAIT_S))

    def store(self, order_id: int, payload: Any, generation: int) -> None:
        with self._lock:
            if self._generation.get(order_id, 0) == generation and order_id in self._calls:
                self._cache[order_id] = copy.deepcopy(payload)

    def invalidate(self, order_id: int) -> None:
        with self._lock:
            self._generation[order_id] = self._generation.get(order_id, 0) + 1
            self._cache.pop(order_id, None)


class CallThrottles:
    """Billbee's per-call throttles, as one wrapper observes them."""

    def __init__(self) -> None:
        self.invoices = ResponseCache()
        self.orders = OrderFetchThrottle()


_registry_lock = threading.Lock()
_limiters: dict[tuple[str, Clock], Limiter] = {}


def _digest(api_key: str, username: str) -> str:
    return hashlib.sha256(f"{api_key}\0{username}".encode()).hexdigest()


def limiter_for(api_key: str, username: str, requests_per_second: float, clock: Clock) -> Limiter:
    """The process-wide limiter of this (API key, user) pair, created on first use.

    Keyed by the clock too: a limiter only makes sense against one clock, and production
    code always uses the same monotonic clock, so sharing across wrappers is unaffected.
    """
    key = (_digest(api_key, username), clock)
    with _registry_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = _limiters[key] = Limiter(requests_per_second, clock=clock)
        else:
            limiter.slow_down_to(requests_per_second)
        return limiter


def reset_registry() -> None:
    """Forget all limiters (tests; a long-lived process never needs it)."""
    with _registry_lock:
        _limiters.clear()
