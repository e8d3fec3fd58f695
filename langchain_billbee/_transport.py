"""The HTTP choke point behind ``BillbeeAPIWrapper``: auth, limiter, retries, envelope check.

Split from ``_client.py`` only to keep both files readable; ``BillbeeAPIWrapper`` subclasses
:class:`BillbeeTransport` and adds the public Billbee operations.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, field_validator
from typing_extensions import Self

from langchain_billbee._caches import CallThrottles
from langchain_billbee._errors import (
    BillbeeConnectionError,
    BillbeeError,
    BillbeeRedirectError,
    error_for_response,
)
from langchain_billbee._rate_limit_url import with_rate_limit_url
from langchain_billbee._retry import backoff, equal_jitter, parse_retry_after, should_retry
from langchain_billbee._settings import (
    DEFAULT_BASE_URL,
    BillbeeAuth,
    check_base_url,
    redact,
    with_env_defaults,
)
from langchain_billbee._throttle import Budget, Pace, budget_for, cool_down
from langchain_billbee._version import __version__
from langchain_billbee._wire import dumps, encode_params, loads
from langchain_billbee._write_context import note_attempt

__all__ = ["DEFAULT_BASE_URL", "USER_AGENT", "BillbeeTransport", "RequestStats"]

USER_AGENT = f"langchain-billbee/{__version__}"

logger = logging.getLogger("langchain_billbee")


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


@dataclass(frozen=True)
class _Outcome:
    """What one HTTP attempt produced, before it is judged a success or an error."""

    status_code: int | None = None
    payload: Any = None
    retry_after: float | None = None
    malformed: bool = False
    transport_error: str | None = None


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
            self._own_session = requests.Session()

    def _http(self) -> requests.Session:
        if self.session is not None:
            return self.session
        if self._own_session is None:  # only after close(): reopen on demand
            self._own_session = requests.Session()
        return self._own_session

    def _budget(self) -> Budget:
        """The windows of this wrapper's (API key, user) pair: in Redis, or in this process."""
        return budget_for(self.api_key, self.username, self.clock, self.rate_limit_url)

    def _wait_for_turn(self, gate: Callable[[], None] | None) -> None:
        if gate is not None:
            gate()  # per-call throttle first: it may sleep long, the limiter spaces the send
        if self.requests_per_second is not None:
            self._pace = Pace.renewed(self._pace, self.requests_per_second, self.clock)
            self._pace.acquire(self._budget(), self.sleep)

    def _send(self, method: str, path: str, query: list[tuple[str, str]], body: object) -> _Outcome:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = "application/json"
        auth = BillbeeAuth(self.username, self.api_password, self.api_key)
        check_base_url(self.base_url)  # again: a base_url assigned after construction
        note_attempt()  # a write's audit record counts its attempts
        start = self.clock()
        try:
            response = self._http().request(
                method,
                self.base_url + path,
                params=query,
                data=None if body is None else dumps(body),
                headers=headers,
                auth=auth,
                timeout=self.timeout,
                # Never: requests drops Authorization on a cross-host redirect but keeps
                # X-Billbee-Api-Key, and a 307/308 would re-send a write's body elsewhere.
                allow_redirects=False,
            )
        except (requests.Timeout, requests.ConnectionError) as exc:
            return _Outcome(transport_error=type(exc).__name__)
        except requests.RequestException as exc:
            raise BillbeeConnectionError(
                message=f"Could not send {method} {path} to Billbee ({type(exc).__name__}). "
                "Check BILLBEE_BASE_URL.",
                method=method,
                path=path,
            ) from exc
        finally:
            self._stats.add(requests=1, seconds=self.clock() - start)
        logger.debug(
            "Billbee %s %s: HTTP %s in %.3f s",
            method,
            path,
            response.status_code,
            self.clock() - start,
        )
        if 300 <= response.status_code < 400:
            raise _redirect_error(response, method, path)
        return self._read(response)

    def _read(self, response: requests.Response) -> _Outcome:
        status = response.status_code
        if status == 429:
            self._stats.add(rate_limited=1)
        payload, malformed = None, False
        if response.content.strip():
            try:
                payload = loads(response.content)
            except ValueError:
                # Only a success that is not JSON is suspicious (a proxy page); an error status
                # is judged by its status whatever the body.
                malformed = status < 400
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return _Outcome(status, payload, retry_after, malformed)

    def _judge(
        self, outcome: _Outcome, method: str, path: str, attempts: int
    ) -> BillbeeError | None:
        if outcome.transport_error is not None:
            host = urlsplit(self.base_url).netloc
            return BillbeeConnectionError(
                message=f"Could not reach Billbee at {host} for {method} {path} "
                f"({outcome.transport_error}, {attempts} attempt(s)). Check the network and "
                "BILLBEE_BASE_URL, then try again.",
                method=method,
                path=path,
            )
        assert outcome.status_code is not None
        return error_for_response(
            status_code=outcome.status_code,
            payload=outcome.payload,
            method=method,
            path=path,
            retry_after=outcome.retry_after,
            malformed=outcome.malformed,
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        body: object = None,
        gate: Callable[[], None] | None = None,
    ) -> Any:
        """Send one logical request: limiter, retries, envelope check. Returns the decoded body.

        Every error leaves here detached and scrubbed (see ``_detached``).
        """
        try:
            return self._request_with_retries(method, path, params=params, body=body, gate=gate)
        except BillbeeError as err:
            error = err
        raise self._detached(error)  # outside the except block, so nothing is chained

    def _detached(self, error: BillbeeError) -> BillbeeError:
        """The error without the exceptions and frames behind it, credentials blanked out.

        The frames below this one hold the prepared request (its headers carry the Basic token
        and the API key) and the response (a server may echo them); a traceback renderer that
        shows locals (rich, pytest, Sentry) would print them. Server text quoted in the
        message could echo them too.
        """
        error.__cause__ = error.__context__ = None
        error.__suppress_context__ = True
        error.__traceback__ = None
        for name, value in vars(error).items():
            if isinstance(value, str):
                setattr(error, name, self._redact(value))
        error.args = tuple(self._redact(a) if isinstance(a, str) else a for a in error.args)
        return error

    def _redact(self, text: str) -> str:
        return redact(text, self.username, self.api_password, self.api_key)

    def _request_with_retries(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None,
        body: object,
        gate: Callable[[], None] | None,
    ) -> Any:
        query = encode_params(params or {})
        attempt = 0
        while True:
            self._wait_for_turn(gate)
            outcome = self._send(method, path, query, body)
            error = self._judge(outcome, method, path, attempt + 1)
            if error is None:
                return outcome.payload
            if outcome.status_code == 429 and gate is None and self.requests_per_second:
                # A 429 of a per-call throttle concerns that call only; its retry waits alone.
                cool_down(self._budget(), outcome.retry_after)
            retry = should_retry(
                attempt=attempt,
                max_retries=self.max_retries,
                status_code=outcome.status_code,
                transport_error=outcome.transport_error is not None,
                malformed=outcome.malformed,
            )
            if not retry:
                raise error
            delay = backoff(attempt, retry_after=outcome.retry_after, jitter=self.jitter)
            logger.info(
                "Billbee %s %s failed (%s); retry in %.2f s", method, path, error.status_code, delay
            )
            self._stats.add(retries=1)
            self.sleep(delay)
            attempt += 1


def _redirect_error(response: requests.Response, method: str, path: str) -> BillbeeRedirectError:
    status = response.status_code
    location = response.headers.get("Location", "")
    # A relative Location points back at the host that sent it.
    host = (urlsplit(location).hostname or urlsplit(response.url).hostname) if location else None
    target = f"to {host}" if host else "without a target"
    return BillbeeRedirectError(
        message=f"Billbee's address answered {method} {path} with a redirect (HTTP {status}) "
        f"{target}. langchain-billbee never follows redirects, so nothing was sent there; "
        "check BILLBEE_BASE_URL.",
        status_code=status,
        method=method,
        path=path,
        location_host=host,
    )
