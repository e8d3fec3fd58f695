"""What one reply means: its decoded body, or the error it is (a redirect, an unreadable
body, an HTTP or envelope error)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from langchain_billbee._errors import BillbeeRedirectError, BillbeeServerError, error_for_response
from langchain_billbee._http import Reply
from langchain_billbee._retry import parse_retry_after
from langchain_billbee._wire import MAX_JSON_DEPTH, JSONTooDeepError, loads

__all__ = ["judge"]


def judge(reply: Reply, method: str, path: str) -> Any:
    """The decoded body of a successful reply; else the error it means, raised."""
    status = reply.status
    if 300 <= status < 400:
        raise _redirect_error(reply, method, path)
    payload, malformed = None, False
    if reply.body.strip():
        try:
            payload = loads(reply.body)
        except ValueError as exc:
            # A body we cannot use matters on a success only; an error status is judged by
            # its status whatever the body. Not JSON is retried (a proxy's page); too deep is
            # not (the next attempt gets the same).
            if status < 400 and isinstance(exc, JSONTooDeepError):
                reason = f"body nested deeper than {MAX_JSON_DEPTH} levels"
                raise BillbeeServerError(
                    status_code=status, method=method, path=path, reason=reason
                ) from None
            malformed = status < 400
    error = error_for_response(
        status_code=status,
        payload=payload,
        method=method,
        path=path,
        retry_after=parse_retry_after(reply.retry_after),
        malformed=malformed,
        body_excerpt=_text(reply.body) if status >= 400 or malformed else None,
    )
    if error is not None:
        raise error
    return payload


def _text(body: bytes) -> str:
    return body[:2000].decode("utf-8", errors="replace")


def _redirect_error(reply: Reply, method: str, path: str) -> BillbeeRedirectError:
    location = reply.location or ""
    # A relative Location points back at the host that sent it.
    host = (urlsplit(location).hostname or urlsplit(reply.url).hostname) if location else None
    return BillbeeRedirectError(
        status_code=reply.status, method=method, path=path, location_host=host
    )
