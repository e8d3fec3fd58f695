"""The error hierarchy and the one function that maps a Billbee response to an error.

Every error carries what was attempted (method and path, never the query, host or any
credential) and a message that says what to do next, because tools hand ``str(err)``
straight to a language model.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "BillbeeAPIError",
    "BillbeeAuthenticationError",
    "BillbeeConfigurationError",
    "BillbeeConnectionError",
    "BillbeeError",
    "BillbeeNotFoundError",
    "BillbeeRateLimitError",
    "BillbeeRedirectError",
    "BillbeeServerError",
    "envelope_error",
    "error_for_response",
]


class BillbeeError(Exception):
    """Root of every error langchain-billbee raises."""

    def __init__(
        self,
        *,
        message: str,
        status_code: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.method = method
        self.path = path

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
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


class BillbeeConfigurationError(BillbeeError, ValueError):
    """A credential or setting is missing or invalid; raised before any request is sent."""


class BillbeeAuthenticationError(BillbeeError):
    """Billbee rejected the credentials (HTTP 401/403)."""


class BillbeeNotFoundError(BillbeeError):
    """The addressed record does not exist (HTTP 404, often with an empty body)."""


class BillbeeRateLimitError(BillbeeError):
    """Billbee kept answering HTTP 429 after every retry."""

    def __init__(
        self,
        *,
        message: str,
        status_code: int | None = 429,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message=message, status_code=status_code, method=method, path=path)
        self.retry_after = retry_after


class BillbeeRedirectError(BillbeeError):
    """Billbee's address answered with a redirect (HTTP 3xx), which is never followed.

    Following it would hand the API key (requests drops only ``Authorization`` on a cross-host
    redirect) and, for a 307/308, the request body to whatever host the ``Location`` names.
    ``location_host`` is that host alone: its full URL may carry tokens of its own.
    """

    def __init__(
        self,
        *,
        message: str,
        status_code: int | None = None,
        method: str | None = None,
        path: str | None = None,
        location_host: str | None = None,
    ) -> None:
        super().__init__(message=message, status_code=status_code, method=method, path=path)
        self.location_host = location_host


class BillbeeServerError(BillbeeError):
    """Billbee failed (HTTP 5xx) or answered with something that is not JSON, after retries."""


class BillbeeConnectionError(BillbeeError):
    """Billbee could not be reached (timeout, DNS, refused connection), after retries."""


class BillbeeAPIError(BillbeeError):
    """Billbee answered with an error envelope (``ErrorMessage``, ``ErrorCode``), even on 200."""

    def __init__(
        self,
        *,
        message: str,
        error_code: int,
        error_message: str,
        error_description: str | None = None,
        status_code: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message=message, status_code=status_code, method=method, path=path)
        self.error_code = error_code
        self.error_message = error_message
        self.error_description = error_description


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


def _server_message(payload: object) -> str:
    """Billbee's own words from an error body (envelope or ASP.NET ``Message``), if any."""
    if isinstance(payload, Mapping):
        for key in ("ErrorMessage", "Message", "message"):
            text = payload.get(key)
            if text:
                return f" Billbee said: {str(text).strip()}"
    return ""


def error_for_response(
    *,
    status_code: int,
    payload: object,
    method: str,
    path: str,
    retry_after: float | None = None,
    malformed: bool = False,
) -> BillbeeError | None:
    """Map one HTTP response to the error it means, or ``None`` when it is a success.

    ``payload`` is the decoded JSON body (``None`` for an empty body); ``malformed`` says the
    body was not JSON. Kept flat on purpose: one reading of this function answers "what error
    does Billbee's response X become".
    """
    what, said = f"{method} {path}", _server_message(payload)
    cls: type[BillbeeError]
    if status_code in (401, 403):
        cls, msg = BillbeeAuthenticationError, _AUTH.format(status_code, what, said)
    elif status_code == 404:
        cls, msg = BillbeeNotFoundError, _NOT_FOUND.format(what, said)
    elif status_code == 429:
        wait = f"after {retry_after:g} s" if retry_after is not None else "in a minute"
        msg = f"Billbee is throttling {what} (HTTP 429).{said} Try again {wait}."
        return BillbeeRateLimitError(message=msg, retry_after=retry_after, method=method, path=path)
    elif status_code >= 500:
        cls, msg = BillbeeServerError, f"Billbee failed on {what} (HTTP {status_code}).{said}"
        msg += " Try again later."
    elif (failure := envelope_error(payload)) is not None:
        code, text, description = failure
        label = description or f"ErrorCode {code}"
        msg = f"Billbee refused {what}: {text or label} ({label}). Fix the request and retry."
        return BillbeeAPIError(
            message=msg,
            error_code=code,
            error_message=text,
            error_description=description,
            status_code=status_code,
            method=method,
            path=path,
        )
    elif status_code >= 400:
        cls, msg = BillbeeError, f"Billbee rejected {what} (HTTP {status_code}).{said}"
        msg += " Check the arguments."
    elif malformed:
        cls, msg = BillbeeServerError, f"Billbee answered {what} with a body that is not JSON."
        msg += " Try again later."
    else:
        return None
    return cls(message=msg, status_code=status_code, method=method, path=path)


_AUTH = (
    "Billbee rejected the credentials (HTTP {}) for {}.{} Check BILLBEE_USERNAME (your Billbee "
    "login), BILLBEE_API_PASSWORD (the API password from the Billbee API settings, not the login "
    "password) and BILLBEE_API_KEY, and that the API module is enabled in the account."
)
_NOT_FOUND = (
    "Billbee found nothing at {} (HTTP 404).{} Check the id: orders are addressed by Billbee's "
    "internal BillBeeOrderId, not the shop's order number; list records first to find a valid id."
)
