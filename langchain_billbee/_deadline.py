"""Every call's time budget, and its end: one :class:`CallScope` per tool call (or request).

A scope starts with ``call_timeout`` seconds. Every wait of the call (the limiter, Billbee's
per-call throttles, a ``Retry-After``, backoff, a turn to write a record) asks the scope first,
and a wait that cannot fit in what is left fails at once. Every send asks it too: once the
scope has ended (its deadline passed, or its caller stopped waiting, as an ``asyncio``
cancellation of ``tool.ainvoke`` does), nothing more is sent for it.

The scope travels in a context variable, so the worker thread that ``ainvoke`` runs the call
in (LangChain copies the context into it) sees the scope its caller opened and ended.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from langchain_billbee._errors import BillbeeTimeoutError

__all__ = ["DEFAULT_CALL_TIMEOUT_S", "CallEndedError", "CallScope", "current_scope", "scope"]

DEFAULT_CALL_TIMEOUT_S = 120.0
"""Budget of one call. Billbee's longest throttles make a call wait up to a minute (one invoice
list per minute and page; six fetches of an order per minute), plus a request at the default
30 s ``timeout``; and an agent should hear back within two minutes whatever the server does."""

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class CallEndedError(BillbeeTimeoutError):
    """The call was abandoned by its caller (cancelled); what is left of it must not send.

    Nobody reads this error (its caller is gone); it exists to unwind the worker thread.
    """


class CallScope:
    """The deadline and the end of one call."""

    def __init__(self, seconds: float, clock: Clock) -> None:
        self.seconds = seconds
        self._clock = clock
        self.deadline = clock() + seconds
        self._ended = threading.Event()
        self.method, self.path = "", ""  # the request being made, named by its errors

    def remaining(self) -> float:
        return self.deadline - self._clock()

    def end(self) -> None:
        """Stop the call: nothing more is sent for it, and its waits return at once."""
        self._ended.set()

    @property
    def ended(self) -> bool:
        return self._ended.is_set()

    def begin(self, method: str, path: str) -> None:
        """Name the request the scope's waits and checks are for."""
        self.method, self.path = method, path

    def check(self) -> None:
        """Raise unless the call may still send: not ended, and time left."""
        method, path = self.method, self.path
        if self.ended:
            raise CallEndedError(
                method=method, path=path, request_sent=False, reason="the call was cancelled"
            )
        if self.remaining() <= 0:
            raise BillbeeTimeoutError(
                method=method,
                path=path,
                request_sent=False,
                reason=f"call_timeout of {self.seconds:g} s used up before sending",
            )

    def pause(self, seconds: float, sleep: Sleep, what: str) -> None:
        """Wait ``seconds`` for ``what``, or fail at once if the wait cannot fit.

        With the real ``time.sleep`` the wait ends early when the call ends; an injected
        sleep (a test's fake clock) is called as it is.
        """
        self.check()
        left = self.remaining()
        if seconds > left:
            raise BillbeeTimeoutError(
                method=self.method,
                path=self.path,
                request_sent=False,
                retry_after=seconds,
                reason=f"{what} asks to wait {seconds:g} s, but only {max(left, 0):.1f} s are "
                f"left of call_timeout ({self.seconds:g} s)",
            )
        if sleep is time.sleep:
            self._ended.wait(seconds)
        else:
            sleep(seconds)
        self.check()

    def acquire(self, lock: threading.Lock, what: str) -> None:
        """Take ``lock`` within the time left; give up at once when the call ends."""
        limit = time.monotonic() + max(self.remaining(), 0.0)
        while not lock.acquire(timeout=_POLL_S):
            self.check()
            if time.monotonic() >= limit:
                raise BillbeeTimeoutError(
                    method=self.method,
                    path=self.path,
                    request_sent=False,
                    reason=f"{what} did not come within call_timeout ({self.seconds:g} s)",
                )


_POLL_S = 0.05
"""How often a wait for a lock looks at the scope (a lock cannot be waited on with an event)."""

_current: ContextVar[CallScope | None] = ContextVar("langchain_billbee_call", default=None)


def current_scope() -> CallScope | None:
    return _current.get()


@contextmanager
def scope(seconds: float, clock: Clock) -> Iterator[CallScope]:
    """The open scope if there is one (a tool call around this request), else a new one.

    A new scope ends when the block exits, however it exits: whatever still runs for the call
    after that (a worker thread its caller stopped waiting for) is late and sends nothing.
    """
    open_scope = _current.get()
    if open_scope is not None:
        yield open_scope
        return
    new = CallScope(seconds, clock)
    token = _current.set(new)
    try:
        yield new
    finally:
        new.end()
        _current.reset(token)
