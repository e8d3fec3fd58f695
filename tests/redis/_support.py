"""What the Redis tests share: a sandbox that logs the requests its 2/s rule admitted."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.sandbox.throttle import SlidingWindow
from tests.helpers import SCHEDULING_JITTER_S as JITTER_S
from tests.helpers import no_gc_pauses


class LoggedWindow(SlidingWindow):
    """The sandbox's own 2/s window, keeping the moment of every request it admitted."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        super().__init__(limit, window, clock)
        self.admitted: list[float] = []
        self._log_lock = threading.Lock()

    def record(self, key: Hashable) -> None:
        with self._log_lock:
            self.admitted.append(self._clock())
        super().record(key)


def most_in_any_window(times: list[float], width: float) -> int:
    """Most admissions inside any window [t, t + width), windows starting at admissions."""
    ordered = sorted(times)
    return max(
        (sum(1 for t in ordered[i:] if t < s + width) for i, s in enumerate(ordered)), default=0
    )


@contextmanager
def throttled_sandbox(window: float = 1.0) -> Iterator[tuple[BillbeeSandbox, LoggedWindow]]:
    """A sandbox enforcing Billbee's 2 requests per ``window`` seconds less ``JITTER_S``, with
    its request log."""
    with BillbeeSandbox(throttle=True) as sandbox, no_gc_pauses():
        log = LoggedWindow(2, window - JITTER_S, time.monotonic)
        sandbox.throttle.general = log
        yield sandbox, log


def wrapper(sandbox: BillbeeSandbox, **overrides: Any) -> BillbeeAPIWrapper:
    """A wrapper on ``sandbox`` that fails fast on a 429 the limiter should have prevented."""
    settings: dict[str, Any] = {"max_retries": 5, "timeout": 10.0}
    settings.update(overrides)
    return sandbox.api_wrapper(**settings)
