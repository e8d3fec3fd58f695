"""What every request thread of one sandbox shares: state, faults, throttle, counters."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .faults import FaultInjector
from .state import BillbeeBackend
from .throttle import Throttle

__all__ = [
    "Credentials", "InFlight", "LoggedRequest", "RequestLog", "SandboxContext", "SandboxStats",
]  # fmt: skip


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


class InFlight:
    """The Billbee requests being served, so a reset cannot be undone by one of them.

    A request begun before :meth:`SandboxContext.reset` (a "slow" fault still sleeping, say) would
    otherwise wake up afterwards and write into the fresh data. A reset interrupts them (their
    ticket is set: a sleeping fault wakes and the request ends with no answer and no change),
    waits until none is left, and holds new requests back until the data is fresh."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._quieting = False
        self._ticket = threading.Event()

    @contextmanager
    def request(self) -> Iterator[threading.Event]:
        """Count one request while it is served; the ticket is set once it should stop."""
        with self._cond:
            self._cond.wait_for(lambda: not self._quieting)
            self._active += 1
            ticket = self._ticket
        try:
            yield ticket
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    def interrupt(self) -> None:
        """Set the ticket of every request in flight; later requests get a new one."""
        with self._cond:
            self._ticket.set()
            self._ticket = threading.Event()

    @contextmanager
    def quiet(self, timeout: float = 10.0) -> Iterator[None]:
        """Interrupt, wait (bounded) until no request is in flight, hold new ones meanwhile."""
        with self._cond:
            self._quieting = True
        self.interrupt()
        try:
            with self._cond:
                self._cond.wait_for(lambda: self._active == 0, timeout)
            yield
        finally:
            with self._cond:
                self._quieting = False
                self._cond.notify_all()


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
    in_flight: InFlight = field(default_factory=InFlight)

    def reset(self) -> None:
        """Fresh data for the same seed, no faults, empty throttle windows, zero counters, an
        empty request log; no request begun before the reset changes anything after it."""
        with self.in_flight.quiet():
            self.backend.reset()
            self.faults.clear()
            self.throttle.reset()
            self.stats.reset()
            self.requests.clear()
