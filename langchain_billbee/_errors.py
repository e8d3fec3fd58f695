"""The error hierarchy and the one function that maps a Billbee response to an error.

Errors carry facts, as openai-python's keep the response: what was attempted (method and path,
never the query, host or a credential), the HTTP status, Billbee's ``ErrorCode`` and
``ErrorMessage``, a bounded excerpt of the body, ``retry_after``. ``str(err)`` states those
facts for a developer; the words a language model reads (what failed, what to do next) are
written from the same facts in one place, ``langchain_billbee.tools._messages``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

from typing_extensions import Unpack

__all__ = [
    "BODY_EXCERPT_CHARS",
    "NOT_JSON",
    "BillbeeAPIError",
    "BillbeeAuthenticationError",
    "BillbeeConfigurationError",
    "BillbeeConnectionError",
    "BillbeeError",
    "BillbeeNotFoundError",
    "BillbeeRateLimitError",
    "BillbeeRedirectError",
    "BillbeeServerError",
    "BillbeeTimeoutError",
    "Facts",
    "envelope_error",
    "error_for_response",
    "excerpt",
]

BODY_EXCERPT_CHARS = 300
"""Longest ``body_excerpt`` and ``error_message`` an error keeps: enough for any message
Billbee writes, and a 200 KB error page does not travel with the error."""


NOT_JSON = "body is not JSON"
"""The ``reason`` of a success whose body is not JSON: typically a proxy's page, worth a retry
(unlike a body that is too large or nested too deep, which the next attempt repeats)."""


def excerpt(text: str, limit: int = BODY_EXCERPT_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Facts(TypedDict, total=False):
    """The keyword arguments every error takes (see :class:`BillbeeError`)."""

    message: str | None
    status_code: int | None
    method: str | None
    path: str | None
    error_code: int | None
    error_message: str | None
    body_excerpt: str | None
    retry_after: float | None
    reason: str | None


class BillbeeError(Exception):
    """Root of every error langchain-billbee raises.

    Attributes (``None`` when unknown): ``status_code``, ``method``, ``path``, ``error_code`` and
    ``error_message`` (Billbee's own), ``body_excerpt``, ``retry_after`` (seconds), ``reason``
    (what went wrong when no status says it, e.g. ``"body is not JSON"``).
    """

    def __init__(
        self,
        *,
        message: str | None = None,
        status_code: int | None = None,
        method: str | None = None,
        path: str | None = None,
        error_code: int | None = None,
        error_message: str | None = None,
        body_excerpt: str | None = None,
        retry_after: float | None = None,
        reason: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.method = method
        self.path = path
        self.error_code = error_code
        self.error_message = None if error_message is None else excerpt(error_message)
        self.body_excerpt = None if body_excerpt is None else excerpt(body_excerpt)
        self.retry_after = retry_after
        self.reason = reason
        self._message = message
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The text given, else the facts in one line (kept current if a fact is amended)."""
        return self._message if self._message is not None else self._facts()

    def _facts(self) -> str:
        where = " ".join(part for part in (self.method, self.path) if part) or "Billbee request"
        facts = [f"HTTP {self.status_code}"] if self.status_code is not None else []
        if self.error_code:
            facts.append(f"ErrorCode {self.error_code}")
        if self.reason:
            facts.append(self.reason)
        if self.retry_after is not None:
            facts.append(f"Retry-After {self.retry_after:g} s")
        text = f"{where} failed" + (f": {', '.join(facts)}" if facts else "")
        if self.error_message:
            text += f". Billbee said: {self.error_message}"
        return text

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, status_code={self.status_code!r}, "
            f"method={self.method!r}, path={self.path!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only constructors break Exception's default pickling (it replays ``args``
        # positionally); errors cross process and thread boundaries in agent runtimes.
        return (_rebuild, (type(self), dict(self.__dict__)))


def _rebuild(cls: type[BillbeeError], state: dict[str, object]) -> BillbeeError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, err.message)
    return err


class BillbeeConfigurationError(BillbeeError, ValueError):
    """A credential or setting is missing or invalid; raised before any request is sent."""


class BillbeeAuthenticationError(BillbeeError):
    """Billbee rejected the credentials (HTTP 401/403)."""


class BillbeeNotFoundError(BillbeeError):
    """The addressed record does not exist (HTTP 404, often with an empty body)."""


class BillbeeRateLimitError(BillbeeError):
    """Billbee kept answering HTTP 429 after every retry (``retry_after``: its last wish)."""

    def __init__(self, **facts: Unpack[Facts]) -> None:
        facts.setdefault("status_code", 429)
        super().__init__(**facts)


class BillbeeRedirectError(BillbeeError):
    """Billbee's address answered with a redirect (HTTP 3xx), which is never followed.

    Following it would hand the API key (requests drops only ``Authorization`` on a cross-host
    redirect) and, for a 307/308, the request body to whatever host the ``Location`` names.
    ``location_host`` is that host alone: its full URL may carry tokens of its own.
    """

    def __init__(self, *, location_host: str | None = None, **facts: Unpack[Facts]) -> None:
        self.location_host = location_host
        target = f"redirect to {location_host}" if location_host else "redirect without a target"
        facts.setdefault("reason", f"{target}, not followed")
        super().__init__(**facts)


class BillbeeServerError(BillbeeError):
    """Billbee failed (HTTP 5xx) or answered with something unusable (``reason``: not JSON,
    too large, nested too deep, not the expected shape), after retries."""


class BillbeeConnectionError(BillbeeError):
    """Billbee could not be reached, or the connection broke (timeout, DNS, refused, dropped
    mid-body), after retries. ``request_sent`` is ``False`` when the request certainly did not
    leave (the connection was never made), ``True`` when it may have reached Billbee."""

    def __init__(self, *, request_sent: bool = True, **facts: Unpack[Facts]) -> None:
        self.request_sent = request_sent
        super().__init__(**facts)


class BillbeeTimeoutError(BillbeeConnectionError):
    """The call's time budget (``call_timeout``) ran out, or a wait it was asked for (a
    ``Retry-After``, a throttle slot) could not fit in what was left of it."""


class BillbeeAPIError(BillbeeError):
    """Billbee answered with an error envelope (``ErrorMessage``, ``ErrorCode``), even on 200."""

    def __init__(self, *, error_description: str | None = None, **facts: Unpack[Facts]) -> None:
        self.error_description = error_description
        super().__init__(**facts)

    def _facts(self) -> str:
        text = super()._facts()
        return f"{text} ({self.error_description})" if self.error_description else text


def envelope_error(payload: object) -> tuple[int, str, str | None] | None:
    """``(ErrorCode, ErrorMessage, ErrorDescription)`` when an envelope reports failure.

    Billbee's own SDK treats a response as successful only when ``ErrorMessage`` is empty
    *and* ``ErrorCode`` is 0; both are checked because each has been seen without the other.
    """
    if not isinstance(payload, Mapping):
        return None
    raw_code = payload.get("ErrorCode") or 0
    code = raw_code if isinstance(raw_code, int) else _int_or(raw_code, -1)
    text = str(payload.get("ErrorMessage") or "").strip()
    if code == 0 and not text:
        return None
    description = payload.get("ErrorDescription")
    return code, text, None if description is None else str(description)


def _int_or(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _server_message(payload: object) -> str | None:
    """Billbee's own words from an error body (envelope or ASP.NET ``Message``), if any."""
    if isinstance(payload, Mapping):
        for key in ("ErrorMessage", "Message", "message"):
            text = payload.get(key)
            if text:
                return str(text).strip()
    return None


def error_for_response(
    *,
    status_code: int,
    payload: object,
    method: str,
    path: str,
    retry_after: float | None = None,
    malformed: bool = False,
    body_excerpt: str | None = None,
) -> BillbeeError | None:
    """Map one HTTP response to the error it means, or ``None`` when it is a success.

    ``payload`` is the decoded JSON body (``None`` for an empty body); ``malformed`` says the
    body was not JSON. Kept flat on purpose: one reading of this function answers "what error
    does Billbee's response X become".
    """
    facts: Facts = {
        "status_code": status_code,
        "method": method,
        "path": path,
        "error_message": _server_message(payload),
        "body_excerpt": body_excerpt,
    }
    cls: type[BillbeeError]
    if status_code in (401, 403):
        cls = BillbeeAuthenticationError
    elif status_code == 404:
        cls = BillbeeNotFoundError
    elif status_code == 429:
        cls, facts["retry_after"] = BillbeeRateLimitError, retry_after
    elif status_code >= 500:
        cls, facts["retry_after"] = BillbeeServerError, retry_after
    elif (failure := envelope_error(payload)) is not None:
        code, text, description = failure
        facts["error_code"], facts["error_message"] = code, text or None
        return BillbeeAPIError(error_description=description, **facts)
    elif status_code >= 400:
        cls = BillbeeError
    elif malformed:
        cls, facts["reason"] = BillbeeServerError, NOT_JSON
    else:
        return None
    return cls(**facts)
