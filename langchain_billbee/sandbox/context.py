"""What every request thread of one sandbox shares: state, faults, throttle, counters."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .faults import FaultInjector
from .state import BillbeeBackend
from .throttle import Throttle

__all__ = ["Credentials", "LoggedRequest", "RequestLog", "SandboxContext", "SandboxStats"]


@dataclass(frozen=True)
class Credentials:
    """The dummy credentials the sandbox accepts (all three must match)."""

    username: str
    api_password: str
    api_key: str


@dataclass
class SandboxStats:
    """Counters since start or the last reset.

    ``requests``: requests to Billbee routes (including refused ones); ``throttled``: 429s from
    the throttle; ``faults_served``: scripted or random faults; ``unauthorized``: 401s;
    ``not_implemented``: 404s for routes the sandbox does not know."""

    requests: int = 0
    throttled: int = 0
    faults_served: int = 0
    unauthorized: int = 0
    not_implemented: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def bump(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    def as_dict(self) -> dict[str, int]:
        with self._lock:
            return {name: getattr(self, name) for name in self._names()}

    def reset(self) -> None:
        with self._lock:
            for name in self._names():
                setattr(self, name, 0)

    @staticmethod
    def _names() -> tuple[str, ...]:
        return ("requests", "throttled", "faults_served", "unauthorized", "not_implemented")


@dataclass(frozen=True)
class LoggedRequest:
    """One request to a Billbee route as it arrived: ``path`` below ``/api/v1``, the raw query
    string, the body as text."""

    method: str
    path: str
    query: str
    body: str


@dataclass
class RequestLog:
    """Every request to a Billbee route since start or the last reset, in arrival order, so a
    test can prove what was (and was not) sent; refused ones (401, 429, faults) included."""

    _entries: list[LoggedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass
class SandboxContext:
    """Shared by the HTTP handler threads of one sandbox."""

    backend: BillbeeBackend
    credentials: Credentials
    throttle: Throttle
    faults: FaultInjector = field(default_factory=FaultInjector)
    stats: SandboxStats = field(default_factory=SandboxStats)
    requests: RequestLog = field(default_factory=RequestLog)
    stopping: threading.Event = field(default_factory=threading.Event)

    def reset(self) -> None:
        """Fresh data for the same seed, no faults, empty throttle windows, zero counters, an
        empty request log."""
        self.backend.reset()
        self.faults.clear()
        self.throttle.reset()
        self.stats.reset()
        self.requests.clear()
