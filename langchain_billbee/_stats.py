"""Counters of the wrapper's HTTP traffic, for benchmarks, tests and monitoring."""

from __future__ import annotations

import threading

__all__ = ["RequestStats"]


class RequestStats:
    """Thread-safe counters of the wrapper's HTTP traffic (for benchmarks and tests)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0  # HTTP attempts, retries included
        self.retries = 0
        self.rate_limited = 0  # HTTP 429 answers received
        self.seconds = 0.0  # time spent inside HTTP calls

    def add(
        self, *, requests: int = 0, retries: int = 0, rate_limited: int = 0, seconds: float = 0.0
    ) -> None:
        with self._lock:
            self.requests += requests
            self.retries += retries
            self.rate_limited += rate_limited
            self.seconds += seconds

    def reset(self) -> None:
        with self._lock:
            self.requests = self.retries = self.rate_limited = 0
            self.seconds = 0.0

    def __repr__(self) -> str:
        return (
            f"RequestStats(requests={self.requests}, retries={self.retries}, "
            f"rate_limited={self.rate_limited}, seconds={self.seconds:.3f})"
        )
