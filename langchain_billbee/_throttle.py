"""Proactive throttling, so an agent never provokes Billbee's HTTP 429 in the first place.

Billbee allows at most 2 requests per second per (API key, user) pair, and throttles two calls
further: ``GET /orders/invoices`` once a minute for the same page and ``minInvoiceDate``, and
``GET /orders/{id}`` six times a minute per order. Each of the three is a
:class:`~langchain_billbee._window.SlidingWindow` of the pair ("pace", "invoices", "order"),
spent by every wrapper, tool and thread using the pair: a :class:`Budget`. In-process
(:class:`LocalBudget`) by default; shared by every process and host through Redis with
``rate_limit_url`` (:mod:`langchain_billbee._redis_budget`). Credentials never become keys:
only a SHA-256 digest of them.

The cached answers of the per-call throttles belong to one wrapper
(:mod:`langchain_billbee._caches`).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Hashable
from typing import Literal, Protocol

from pydantic import SecretStr

from langchain_billbee._caches import INVOICE_CACHE_TTL_S, ORDER_FETCH_WINDOW_S
from langchain_billbee._retry import MAX_RETRY_AFTER_S
from langchain_billbee._window import MIN_WAIT_S, Clock, Sleep, SlidingWindow

__all__ = [
    "BILLBEE_REQUESTS_PER_SECOND",
    "INVOICE_CACHE_TTL_S",
    "MIN_WAIT_S",
    "ORDER_FETCH_LIMIT",
    "ORDER_FETCH_WINDOW_S",
    "SAFETY_MARGIN_S",
    "Budget",
    "Kind",
    "LocalBudget",
    "Pace",
    "budget_for",
    "cool_down",
    "local_budget",
    "pair_digest",
    "period_for",
    "reset_registry",
]

Kind = Literal["pace", "order", "invoices"]

SAFETY_MARGIN_S = 0.02
"""Added to the 1/rps spacing. Spacing of exactly 0.5 s puts three requests at 0, 0.5 and 1.0,
which a closed one-second window on Billbee's side counts as three, and network jitter can
shrink the gaps the server sees; 20 ms absorbs both at a negligible cost in throughput."""

BILLBEE_REQUESTS_PER_SECOND = 2.0
"""Billbee's rule per (API key, user): the pace of a pair unless a wrapper asks for more."""

ORDER_FETCH_LIMIT = 6


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

    @classmethod
    def renewed(cls, pace: Pace | None, requests_per_second: float, clock: Clock) -> Pace:
        """``pace``, or a new one if the wrapper's rate or clock changed since it was made."""
        if pace is None or pace.requests_per_second != requests_per_second or pace.clock != clock:
            return cls(requests_per_second, clock)
        return pace

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


def budget_for(
    api_key: SecretStr, username: SecretStr, clock: Clock, url: SecretStr | None
) -> Budget:
    """A wrapper's budget: its pair's windows in the Redis at ``url``, or in this process."""
    key, user = api_key.get_secret_value().strip(), username.get_secret_value().strip()
    local = local_budget(key, user, clock)
    if url is None:
        return local
    from langchain_billbee._redis_budget import redis_budget  # the optional redis extra

    return redis_budget(url.get_secret_value(), key, user, local)


def cool_down(budget: Budget, retry_after: float | None) -> None:
    """A 429's Retry-After holds the pair's pace for every wrapper (and, on Redis, process)."""
    if retry_after is not None:
        budget.hold("pace", None, min(max(retry_after, 0.0), MAX_RETRY_AFTER_S))


def reset_registry() -> None:
    """Forget all budgets (tests; a long-lived process never needs it)."""
    with _registry_lock:
        _budgets.clear()
