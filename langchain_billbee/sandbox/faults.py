"""Scripted faults: make the next matching requests fail the way a live service sometimes does.

Kinds: ``"429"`` (with ``retry_after`` seconds, or without the header), ``"500"``, ``"502"``,
``"503"``, ``"slow"`` (the real answer, ``delay`` seconds late: set it above the client's
timeout), ``"drop"`` (the connection closes without an answer), ``"malformed"`` (200 with
broken JSON) and ``"error_envelope"`` (200 with ``ErrorCode``/``ErrorMessage``). For writes,
``when="after"`` applies the write first and then fails the answer, the case where a client
cannot know whether its request took effect.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .routes import route_of

__all__ = ["FAULT_KINDS", "Fault", "FaultInjector"]

FAULT_KINDS: tuple[str, ...] = (
    "429", "500", "502", "503", "slow", "drop", "malformed", "error_envelope",
)  # fmt: skip
SOAK_KINDS: tuple[str, ...] = ("429", "500", "502", "503", "malformed")


def _path_regex(path: str | None) -> re.Pattern[str] | None:
    """``/orders``, ``/orders/{id}``, ``/orders*`` (prefix); with or without ``/api/v1``."""
    if path is None:
        return None
    path = path.removeprefix("/api/v1") or "/"
    pattern = "".join(
        "[^/]+" if part.startswith("{") else ".*" if part == "*" else re.escape(part)
        for part in re.split(r"(\{[^}]*\}|\*)", path)
    )
    return re.compile(pattern.rstrip("/") + "/?", re.IGNORECASE)


def _placeholder_route(path: str | None) -> str | None:
    """For a path with placeholders, the route it names: ``/orders/{id}`` is the route of
    ``/orders/1``, so it does not also catch ``/orders/invoices`` (``{id}`` alone would match
    any segment). None when there are no placeholders or they name no route of the sandbox."""
    if path is None or "{" not in path:
        return None
    return route_of(re.sub(r"\{[^}]*\}", "1", path.removeprefix("/api/v1")))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class Fault:
    """One scripted fault, served to the next ``count`` matching requests."""

    kind: str
    count: int = 1
    method: str | None = None
    path: str | None = None
    retry_after: float | None = None
    when: Literal["before", "after"] = "before"
    delay: float = 2.0
    error_code: int = 8
    error_message: str = "Sandbox fault: simulated error"
    _regex: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _route: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Checked here, where a script (or the admin route's JSON) adds the fault: a bad value
        # found only when the fault is served would break that request's connection instead.
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {FAULT_KINDS}")
        if self.when not in ("before", "after"):
            raise ValueError("when must be 'before' or 'after'")
        if not _is_int(self.count) or self.count < 1:
            raise ValueError("count must be a whole number, at least 1")
        if not _is_number(self.delay) or self.delay < 0:
            raise ValueError("delay must be a number of seconds, 0 or more")
        if self.retry_after is not None and (not _is_number(self.retry_after)
                                             or self.retry_after < 0):  # fmt: skip
            raise ValueError("retry_after must be a number of seconds, 0 or more, or null")
        if not _is_int(self.error_code) or not isinstance(self.error_message, str):
            raise ValueError("error_code must be a whole number and error_message a string")
        for name in ("method", "path"):
            if getattr(self, name) is not None and not isinstance(getattr(self, name), str):
                raise ValueError(f"{name} must be a string or null")
        self.method = self.method.upper() if self.method else None
        self._regex = _path_regex(self.path)
        self._route = _placeholder_route(self.path)

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to ``method`` ``path`` (path below ``/api/v1``)."""
        if self.method and self.method != method.upper():
            return False
        if self._regex is not None and self._regex.fullmatch(path) is None:
            return False
        return self._route is None or route_of(path) == self._route

    def describe(self) -> dict[str, Any]:
        """The fault as plain data (for the admin route)."""
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}


class FaultInjector:
    """The queue of scripted faults plus an optional seeded random fault rate (soak tests)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._rate = 0.0
        self._random_template: Fault | None = None
        self._kinds: Sequence[str] = SOAK_KINDS
        self._rng = random.Random(0)
        self.served = 0

    def add(
        self, kind: str, *, count: int = 1, method: str | None = None, path: str | None = None,
        retry_after: float | None = None, when: Literal["before", "after"] = "before",
        delay: float = 2.0, error_code: int = 8,
        error_message: str = "Sandbox fault: simulated error",
    ) -> Fault:  # fmt: skip
        """Queue a fault for the next ``count`` requests matching ``method`` and ``path``.

        ``path`` is below ``/api/v1`` (the prefix is optional): exact (``/orders/123``), with
        placeholders (``/orders/{id}``: that route only, so not ``/orders/invoices``) or a
        prefix (``/orders*``). None matches every request."""
        fault = Fault(
            kind, count, method, path, retry_after, when, delay, error_code, error_message
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def set_random(
        self, rate: float, *, kinds: Sequence[str] = SOAK_KINDS, seed: int = 0,
        method: str | None = None, path: str | None = None, retry_after: float | None = 1,
        delay: float = 2.0,
    ) -> None:  # fmt: skip
        """Fail each matching request with probability ``rate`` (0 turns it off), with a kind
        drawn from ``kinds`` by a ``random.Random(seed)``, so a soak run is repeatable."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if isinstance(kinds, str) or not kinds:
            raise ValueError(f"kinds must be a non-empty list of fault kinds from {FAULT_KINDS}")
        for kind in kinds:  # every kind, not only the first: each may be drawn later
            template = Fault(kind, 1, method, path, retry_after, "before", delay)
        with self._lock:
            self._rate, self._kinds, self._rng = rate, tuple(kinds), random.Random(seed)
            self._random_template = template

    def take(self, method: str, path: str) -> Fault | None:
        """The fault to serve for this request, if any (consumes one count)."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                    self.served += 1
                    return fault
            template = self._random_template
            if template and template.matches(method, path) and self._rng.random() < self._rate:
                self.served += 1
                return Fault(**{**template.describe(), "kind": self._rng.choice(self._kinds)})
        return None

    @property
    def pending(self) -> list[Fault]:
        """Faults still queued (copies of their current state)."""
        with self._lock:
            return [Fault(**f.describe()) for f in self._faults]

    def clear(self) -> None:
        """Drop queued faults and switch the random rate off."""
        with self._lock:
            self._faults.clear()
            self._rate, self._random_template = 0.0, None
