"""The HTTP choke point behind ``BillbeeAPIWrapper``: auth, deadline, limiter, retries, errors.

Split from ``_client.py`` only to keep both files readable; ``BillbeeAPIWrapper`` subclasses
:class:`BillbeeTransport` and adds the public Billbee operations. One attempt
(``_attempt``) returns the decoded body or raises; the loop around it (``_retrying``) decides
whether to try again; ``_request`` gives the call its time budget, a write its record's turn,
and every error its final, detached form.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, field_validator
from typing_extensions import Self

from langchain_billbee._caches import CallThrottles
from langchain_billbee._deadline import DEFAULT_CALL_TIMEOUT_S, CallScope, current_scope, scope
from langchain_billbee._errors import BillbeeError, BillbeeRateLimitError
from langchain_billbee._http import BoundedAdapter, exchange
from langchain_billbee._rate_limit_url import with_rate_limit_url
from langchain_billbee._reply import judge
from langchain_billbee._retry import backoff, equal_jitter, should_retry
from langchain_billbee._settings import (
    DEFAULT_BASE_URL,
    BillbeeAuth,
    check_base_url,
    plain,
    redact,
    with_env_defaults,
)
from langchain_billbee._stats import RequestStats
from langchain_billbee._throttle import Budget, Pace, budget_for, cool_down
from langchain_billbee._version import __version__
from langchain_billbee._wire import dumps, encode_params
from langchain_billbee._write_context import note_attempt
from langchain_billbee._writes import record_keys, write_turn

__all__ = ["DEFAULT_BASE_URL", "USER_AGENT", "BillbeeTransport", "RequestStats"]

USER_AGENT = f"langchain-billbee/{__version__}"

_READ_POSTS = frozenset({"/search"})
"""POST paths that only read: retried like a GET and never queued behind writes."""

logger = logging.getLogger("langchain_billbee")


class BillbeeTransport(BaseModel):
    """Settings and the one private request method every Billbee operation goes through."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    # The empty defaults are never used (``__init__`` fills each credential from the environment
    # or raises); they tell type checkers that ``BillbeeAPIWrapper()`` is a complete call.
    username: SecretStr = SecretStr("")
    api_password: SecretStr = SecretStr("")
    api_key: SecretStr = SecretStr("")
    base_url: str = DEFAULT_BASE_URL
    timeout: float = Field(default=30.0, gt=0)
    """Seconds one socket operation (connect, one read) may take; see also ``call_timeout``."""
    call_timeout: float = Field(default=DEFAULT_CALL_TIMEOUT_S, gt=0)
    """Seconds one call may take in all: a tool call (all its requests), or one request of a
    direct wrapper call, with its connects, reads, limiter and throttle waits, Retry-After
    waits and backoff. A wait that cannot fit in what is left fails at once."""
    max_retries: int = Field(default=3, ge=0)
    requests_per_second: float | None = Field(default=2.0, gt=0)
    rate_limit_url: SecretStr | None = None
    """``redis://…``: share every Billbee budget of these credentials with all processes and
    hosts using this Redis (``BILLBEE_RATE_LIMIT_URL``); ``None`` keeps it in this process."""
    session: requests.Session | None = Field(default=None, exclude=True, repr=False)
    sleep: Callable[[float], None] = Field(default=time.sleep, exclude=True, repr=False)
    clock: Callable[[], float] = Field(default=time.monotonic, exclude=True, repr=False)
    jitter: Callable[[float], float] = Field(default=equal_jitter, exclude=True, repr=False)

    _stats: RequestStats = PrivateAttr(default_factory=RequestStats)
    _own_session: requests.Session | None = PrivateAttr(default=None)
    _throttles: CallThrottles = PrivateAttr(default_factory=CallThrottles)
    _pace: Pace | None = PrivateAttr(default=None)

    def __init__(self, **data: Any) -> None:
        # Env fallback runs before validation so a missing credential raises
        # BillbeeConfigurationError itself, not a pydantic ValidationError wrapping it.
        super().__init__(**with_rate_limit_url(with_env_defaults(dict(data))))

    @field_validator("base_url")
    @classmethod
    def _strip_base_url(cls, value: str) -> str:
        return value.strip().rstrip("/")

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        # A deep copy (``tool.model_copy(deep=True)``, ``copy.deepcopy(toolkit)``) gets its own
        # settings but the same client: the session, throttles and counters belong to the
        # account, and their locks cannot be copied anyway.
        return self.model_copy()

    def __getstate__(self) -> dict[Any, Any]:
        # A pickle would have to carry the credentials in clear text.
        raise TypeError(
            f"{type(self).__name__} cannot be pickled: it holds the Billbee credentials and a "
            "live HTTP session. Create one in each process instead; BillbeeAPIWrapper() reads "
            "BILLBEE_USERNAME, BILLBEE_API_PASSWORD and BILLBEE_API_KEY."
        )

    @property
    def stats(self) -> RequestStats:
        """Counters: ``requests``, ``retries``, ``rate_limited``, ``seconds``; ``reset()``."""
        return self._stats

    def close(self) -> None:
        """Close the HTTP session the wrapper created itself (a passed-in one is left open)."""
        if self._own_session is not None:
            self._own_session.close()
            self._own_session = None

    # --- the HTTP choke point -----------------------------------------------------------

    def model_post_init(self, context: Any, /) -> None:
        # Created up front rather than lazily so concurrent first calls share one session.
        if self.session is None:
            self._own_session = _bounded_session()

    def _http(self) -> requests.Session:
        if self.session is not None:
            return self.session
        if self._own_session is None:  # only after close(): reopen on demand
            self._own_session = _bounded_session()
        return self._own_session

    def _budget(self) -> Budget:
        """The windows of this wrapper's (API key, user) pair: in Redis, or in this process."""
        return budget_for(self.api_key, self.username, self.clock, self.rate_limit_url)

    def _call_scope(self) -> contextlib.AbstractContextManager[CallScope]:
        """The time budget of the call under way, or a new one of ``call_timeout`` seconds."""
        return scope(self.call_timeout, self.clock)

    def _pause(self, seconds: float, what: str = "Billbee's per-call throttle") -> None:
        """A wait inside a call: bounded by its budget, cut short when the call ends."""
        call = current_scope()
        if call is None:
            self.sleep(seconds)
        else:
            call.pause(seconds, self.sleep, what)

    def _redact(self, text: str) -> str:
        """``text`` without any credential of this wrapper (the Basic token included)."""
        return redact(text, self.username, self.api_password, self.api_key)

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        body: object = None,
        gate: Callable[[], None] | None = None,
    ) -> Any:
        """Send one logical request and return its decoded body; every error leaves detached."""
        write = method != "GET" and path not in _READ_POSTS
        query = encode_params(params or {})
        try:
            with self._call_scope() as call, self._write_turn(write, path, body, call, method):
                return self._retrying(method, path, query, body, gate, call, write)
        except BillbeeError as err:
            error = err
        raise self._detached(error)  # outside the except block, so nothing is chained

    @contextlib.contextmanager
    def _write_turn(
        self, write: bool, path: str, body: object, call: CallScope, method: str
    ) -> Iterator[None]:
        if not write:
            yield
            return
        call.begin(method, path)
        account = f"{plain(self.api_key)}\0{plain(self.username)}"
        with write_turn(account, record_keys(path, body), call):
            yield

    def _retrying(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        body: object,
        gate: Callable[[], None] | None,
        call: CallScope,
        write: bool,
    ) -> Any:
        attempt = 0
        while True:
            call.begin(method, path)
            self._wait_for_turn(gate, call)
            call.check()  # ended or out of time: nothing more is sent for this call
            try:
                return self._attempt(method, path, query, body, call)
            except BillbeeError as err:
                if isinstance(err, BillbeeRateLimitError) and gate is None:
                    self._cool_down(err)
                if not should_retry(
                    err, attempt=attempt, max_retries=self.max_retries, write=write
                ):
                    raise
                self._back_off(err, attempt, call)
            attempt += 1

    def _cool_down(self, error: BillbeeRateLimitError) -> None:
        # A 429 of a per-call throttle (gate) concerns that call only; its retry waits alone.
        if self.requests_per_second:
            cool_down(self._budget(), error.retry_after)

    def _back_off(self, error: BillbeeError, attempt: int, call: CallScope) -> None:
        delay = backoff(attempt, retry_after=error.retry_after, jitter=self.jitter)
        left = call.remaining()
        if delay > left:  # fail now with what Billbee said, not after a wait that cannot end well
            error.reason = (
                f"retrying would wait {delay:g} s, but only {max(left, 0):.1f} s are left of "
                f"call_timeout ({self.call_timeout:g} s)"
            )
            raise error
        logger.info(
            "Billbee %s %s failed (%s); retry in %.2f s",
            error.method,
            error.path,
            error.status_code or type(error).__name__,
            delay,
        )
        self._stats.add(retries=1)
        what = "Retry-After" if error.retry_after is not None else "backoff"
        call.pause(delay, self.sleep, what)

    def _wait_for_turn(self, gate: Callable[[], None] | None, call: CallScope) -> None:
        if gate is not None:
            gate()  # per-call throttle first: it may sleep long, the limiter spaces the send
        if self.requests_per_second is not None:
            self._pace = Pace.renewed(self._pace, self.requests_per_second, self.clock)
            self._pace.acquire(
                self._budget(), lambda seconds: call.pause(seconds, self.sleep, "the limiter")
            )

    def _attempt(
        self, method: str, path: str, query: list[tuple[str, str]], body: object, call: CallScope
    ) -> Any:
        """One HTTP attempt: the decoded body, or the error it means."""
        check_base_url(self.base_url)  # again: a base_url assigned after construction
        note_attempt()  # a write's audit record counts its attempts
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = "application/json"
        budget = call.remaining()
        socket_timeout = min(self.timeout, max(budget, 0.001))
        start = self.clock()
        try:
            reply = exchange(
                self._http(),
                method,
                path,
                budget=budget,
                url=self.base_url + path,
                params=query,
                data=None if body is None else dumps(body),
                headers=headers,
                auth=BillbeeAuth(self.username, self.api_password, self.api_key),
                timeout=socket_timeout,
            )
        except BillbeeError as err:
            logger.debug("Billbee %s %s: %s", method, path, err.reason or type(err).__name__)
            raise
        finally:
            self._stats.add(requests=1, seconds=self.clock() - start)
        logger.debug("Billbee %s %s: HTTP %s", method, path, reply.status)
        if reply.status == 429:
            self._stats.add(rate_limited=1)
        return judge(reply, method, path)

    def _detached(self, error: BillbeeError) -> BillbeeError:
        """The error without the exceptions and frames behind it, credentials blanked out.

        The frames below this one hold the prepared request (its headers carry the Basic token
        and the API key) and the response (a server may echo them); a traceback renderer that
        shows locals (rich, pytest, Sentry) would print them. Server text quoted in the
        error could echo them too.
        """
        error.__cause__ = error.__context__ = None
        error.__suppress_context__ = True
        error.__traceback__ = None
        for name, value in vars(error).items():
            if isinstance(value, str):
                setattr(error, name, self._redact(value))
        error.args = tuple(self._redact(a) if isinstance(a, str) else a for a in error.args)
        return error


def _bounded_session() -> requests.Session:
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, BoundedAdapter())
    return session
