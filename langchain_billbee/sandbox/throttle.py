"""Billbee's throttles as sliding windows, answered with 429 and ``Retry-After`` seconds.

- more than 2 requests in any one second per (API key, user) — Billbee states this per endpoint;
  the sandbox counts all endpoints together, which is stricter and catches clients that only
  space requests per endpoint;
- ``GET /orders/invoices``: 1 per minute for the same page and ``minInvoiceDate``;
- ``GET /orders/{id}``: 6 per order per minute.

A refused request does not count towards any window. The 50/s-per-key and 10/s-per-user limits
are implied by the 2/s rule for a single user and are not modelled separately. The windows are
the package's one :class:`~langchain_billbee._window.SlidingWindow`, the same the client's
throttles are made of: both sides count "at most N in any period" the same way.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Hashable
from typing import NamedTuple

from langchain_billbee._window import SlidingWindow

__all__ = ["Refusal", "SlidingWindow", "Throttle"]


class Refusal(NamedTuple):
    """A throttled request: whole seconds for ``Retry-After`` and the 429's message."""

    retry_after: int
    message: str


def _quota(window: SlidingWindow) -> str:
    """The limit as the 429 message names it, e.g. ``2 per Second``."""
    unit = {1.0: "Second", 60.0: "Minute"}.get(window.period, f"{window.period:g} seconds")
    return f"{window.limit} per {unit}"


class Throttle:
    """The three throttles; ``check`` returns a :class:`Refusal` or None."""

    def __init__(
        self, *, enabled: bool = True, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.enabled, self._clock = enabled, clock
        self._lock = threading.Lock()
        self.general = SlidingWindow(2, 1.0, clock)
        self.invoices = SlidingWindow(1, 60.0, clock)
        self.order = SlidingWindow(6, 60.0, clock)

    def check(
        self, identity: tuple[str, str], kind: str | None, key: Hashable = None
    ) -> Refusal | None:
        """Admit one request of ``identity`` (api key, user); ``kind`` names a per-call throttle
        ("invoices" keyed by (page, minInvoiceDate), "order" keyed by order id)."""
        if not self.enabled:
            return None
        windows: list[tuple[SlidingWindow, Hashable]] = [(self.general, identity)]
        if kind is not None:
            windows.append((getattr(self, kind), (identity, key)))
        with self._lock:  # check every window before counting in any: a refusal counts nowhere
            waits = [(w, window) for window, k in windows if (w := window.wait(k)) > 0]
            if not waits:
                for window, k in windows:
                    window.record(k)
                return None
        wait, window = max(waits, key=lambda pair: pair[0])
        # The wording of the WebApiThrottle package Billbee's answers point to; it names the
        # limit that refused, so a refused invoice list does not read "2 per Second".
        message = f"API calls quota exceeded! maximum admitted {_quota(window)}."
        # Retry-After carries whole seconds; never 0, which would invite an immediate retry.
        return Refusal(max(1, math.ceil(wait)), message)

    def reset(self) -> None:
        for window in (self.general, self.invoices, self.order):
            window.reset()
