"""The HTTP choke point behind ``BillbeeAPIWrapper``: auth, limiter, retries, envelope check.

Split from ``_client.py`` only to keep both files readable; ``BillbeeAPIWrapper`` subclasses
:class:`BillbeeTransport` and adds the public Billbee operations.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, field_validator
from typing_extensions import Self

from langchain_billbee._errors import (
    BillbeeConfigurationError,
    BillbeeConnectionError,
    BillbeeError,
    error_for_response,
)
from langchain_billbee._retry import backoff, equal_jitter, parse_retry_after, should_retry
from langchain_billbee._throttle import CallThrottles, limiter_for
from langchain_billbee._version import __version__
from langchain_billbee._wire import dumps, encode_params, loads

__all__ = ["DEFAULT_BASE_URL", "USER_AGENT", "BillbeeTransport", "RequestStats"]

DEFAULT_BASE_URL = "https://api.billbee.io/api/v1"
USER_AGENT = f"langchain-billbee/{__version__}"
_CREDENTIAL_ENV = {
    "username": "BILLBEE_USERNAME",
    "api_password": "BILLBEE_API_PASSWORD",
    "api_key": "BILLBEE_API_KEY",
}

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


class _BillbeeAuth(requests.auth.AuthBase):
    """Billbee's two credentials: HTTP Basic (user + API password) and the API key header.

    Basic is encoded as UTF-8 by hand because requests' own encoder uses Latin-1. Being an
    ``auth`` object (not a default header) also keeps requests from swapping in ``.netrc``.
    """

    def __init__(self, username: SecretStr, api_password: SecretStr, api_key: SecretStr) -> None:
        self._username, self._api_password, self._api_key = username, api_password, api_key

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        pair = f"{self._username.get_secret_value()}:{self._api_password.get_secret_value()}"
        r.headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
        r.headers["X-Billbee-Api-Key"] = self._api_key.get_secret_value()
        return r

    def __repr__(self) -> str:
        return "_BillbeeAuth(**********)"


@dataclass(frozen=True)
class _Outcome:
    """What one HTTP attempt produced, before it is judged a success or an error."""

    status_code: int | None = None
    payload: Any = None
    retry_after: float | None = None
    malformed: bool = False
    transport_error: str | None = None


def _plain(value: object) -> str:
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    return str(text).strip() if text is not None else ""


def _with_env_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """Fill credentials and base URL from the environment; name every missing variable at once.

    Passed and environment values alike are trimmed: a key pasted with its line break would
    otherwise fail as "credentials rejected" or, in a header, as an exception.
    """
    missing = []
    for field, var in _CREDENTIAL_ENV.items():
        value = _plain(data.get(field)) or os.environ.get(var, "").strip()
        if value:
            data[field] = value
        else:
            missing.append((field, var))
    if missing:
        names = " and ".join(var for _, var in missing)
        kwargs = ", ".join(f"{field}=..." for field, _ in missing)
        raise BillbeeConfigurationError(
            message=f"Billbee credentials missing: set {names} in the environment "
            f"or pass {kwargs} to BillbeeAPIWrapper."
        )
    if not (data["api_key"].isascii() and data["api_key"].isprintable()):
        # Checked now, because at the first request http.client would raise an error that
        # escapes the tools and, for a line break, quotes the key.
        raise BillbeeConfigurationError(
            message="BILLBEE_API_KEY (api_key) contains a line break, a control character or "
            "a non-ASCII character, which the X-Billbee-Api-Key header cannot carry. Copy the "
            "key from Billbee again."
        )
    if not data.get("base_url"):
        data["base_url"] = os.environ.get("BILLBEE_BASE_URL", "").strip() or DEFAULT_BASE_URL
    _check_base_url(str(data["base_url"]).strip())
    return data


def _check_base_url(url: str) -> None:
    """Reject a base URL no request can go to now: found at the first call, it would read to
    the model like an outage worth retrying."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        # Billbee's credentials have their own settings; these would be quoted in errors.
        raise BillbeeConfigurationError(
            message="BILLBEE_BASE_URL (base_url) must not contain a user name or password; "
            "pass them as username=... and api_password=... (BILLBEE_USERNAME, "
            "BILLBEE_API_PASSWORD)."
        )
    try:
        requests.PreparedRequest().prepare_url(url, None)
        valid = parts.scheme in ("http", "https")
    except requests.RequestException:
        valid = False
    if not valid:
        raise BillbeeConfigurationError(
            message=f"BILLBEE_BASE_URL (base_url) must be an http(s) URL with a host, such as "
            f"{DEFAULT_BASE_URL}; got {url!r}."
        )


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
    session: requests.Session | None = Field(default=None, exclude=True, repr=False)
    sleep: Callable[[float], None] = Field(default=time.sleep, exclude=True, repr=False)
    clock: Callable[[], float] = Field(default=time.monotonic, exclude=True, repr=False)
    jitter: Callable[[float], float] = Field(default=equal_jitter, exclude=True, repr=False)

    _stats: RequestStats = PrivateAttr(default_factory=RequestStats)
    _own_session: requests.Session | None = PrivateAttr(default=None)
    _throttles: CallThrottles = PrivateAttr(default_factory=CallThrottles)

    def __init__(self, **data: Any) -> None:
        # Env fallback runs before validation so a missing credential raises
        # BillbeeConfigurationError itself, not a pydantic ValidationError wrapping it.
        super().__init__(**_with_env_defaults(dict(data)))

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

    def _wait_for_turn(self, gate: Callable[[], None] | None) -> None:
        if gate is not None:
            gate()  # per-call throttle first: it may sleep long, the limiter spaces the send
        if self.requests_per_second is not None:
            limiter = limiter_for(
                _plain(self.api_key), _plain(self.username), self.requests_per_second, self.clock
            )
            limiter.acquire(self.sleep)

    def _send(self, method: str, path: str, query: list[tuple[str, str]], body: object) -> _Outcome:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = "application/json"
        auth = _BillbeeAuth(self.username, self.api_password, self.api_key)
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
        """Send one logical request: limiter, retries, envelope check. Returns the decoded body."""
        query = encode_params(params or {})
        attempt = 0
        while True:
            self._wait_for_turn(gate)
            outcome = self._send(method, path, query, body)
            error = self._judge(outcome, method, path, attempt + 1)
            if error is None:
                return outcome.payload
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
