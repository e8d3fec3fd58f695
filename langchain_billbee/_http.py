"""One HTTP exchange, bounded in time and size: a :class:`Reply` of plain data, or an error.

Time: ``timeout`` bounds each socket operation, which a server trickling a byte a second
never trips. A watchdog bounds the whole exchange instead: at the call's deadline it shuts the
connection's socket down, which ends any blocked read at once. The wrapper's own session
(:class:`BoundedAdapter`) registers its connections from the moment a request starts, so the
connect and the response headers are covered too; with a session passed in, the body is.

Size: the body is read in chunks counted after decoding (20 KB of gzip may inflate to 20 MB)
and the read fails past ``MAX_RESPONSE_BYTES``.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from langchain_billbee._errors import (
    BillbeeConnectionError,
    BillbeeServerError,
    BillbeeTimeoutError,
)

__all__ = ["MAX_RESPONSE_BYTES", "BoundedAdapter", "Reply", "exchange"]

MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Largest body read (after decoding). Billbee's largest page, 250 orders with items and
addresses, is about 2 MB; eight times that leaves room for unusual records and still stops a
server that ignores ``pageSize`` (or a gzip bomb) long before memory is at risk."""

_CHUNK = 8192
"""Bytes per read; urllib3 inflates one read at a time, so a bomb's peak stays small too."""

_BROKEN = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException)


@dataclass(frozen=True)
class Reply:
    """What one attempt got back, without the request (whose headers hold the credentials)."""

    status: int
    body: bytes
    retry_after: str | None
    location: str | None
    url: str


class _Watchdog:
    """Shuts the connections of one exchange down when its deadline passes."""

    def __init__(self, seconds: float) -> None:
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._done = False
        self.fired = False

    def watch(self, connection: Any) -> None:
        with self._lock:
            self._connections.append(connection)
            if self.fired:
                _shut(connection)

    def _fire(self) -> None:
        with self._lock:
            if self._done:  # finished meanwhile: the connection is back in the pool, leave it
                return
            self.fired = True
            for connection in self._connections:
                _shut(connection)

    def __enter__(self) -> _Watchdog:
        _local.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()
        _local.watchdog = None


def _shut(target: Any) -> None:
    """Shut a socket (or a connection's socket) down: a read blocked on it returns at once."""
    sock = target if isinstance(target, socket.socket) else getattr(target, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


_local = threading.local()


def _register(connection: Any) -> None:
    watchdog: _Watchdog | None = getattr(_local, "watchdog", None)
    if watchdog is not None:
        watchdog.watch(connection)


class _Registering:
    """Registers each connection a pool hands out, before the request is made on it (the
    connect, the send and the response headers happen on that connection's socket). The
    connection class is left to urllib3, so whatever patches it (vcrpy's recorder) applies."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        connection = super()._get_conn(timeout)  # type: ignore[misc]
        _register(connection)
        return connection


class _Pool(_Registering, HTTPConnectionPool):
    pass


class _SecurePool(_Registering, HTTPSConnectionPool):
    pass


class BoundedAdapter(HTTPAdapter):
    """requests' adapter whose connections a deadline can cut, from connect to last byte."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}


def exchange(
    session: requests.Session,
    method: str,
    path: str,
    *,
    budget: float,
    limit: int = MAX_RESPONSE_BYTES,
    **request: Any,
) -> Reply:
    """Send one request and read its answer within ``budget`` seconds and ``limit`` bytes."""
    with _Watchdog(budget) as watchdog:
        try:
            response = session.request(method, stream=True, allow_redirects=False, **request)
        except _BROKEN as exc:
            raise _unreached(exc, watchdog.fired, method, path) from None
        with response:
            watchdog.watch(_socket_of(response))  # a passed-in session's, for the body
            try:
                body = _read(response, limit, method, path)
            except (*_BROKEN, OSError) as exc:
                raise _dropped(exc, watchdog.fired, response.status_code, method, path) from None
            headers = response.headers
            return Reply(
                response.status_code,
                body,
                headers.get("Retry-After"),
                headers.get("Location"),
                response.url,
            )


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket a urllib3 response reads from (urllib3 keeps it private; best effort)."""
    fp = getattr(getattr(response.raw, "_fp", None), "fp", None)
    sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _read(response: requests.Response, limit: int, method: str, path: str) -> bytes:
    if response.raw is None:  # an adapter that built the response in memory (test doubles)
        body = response.content or b""
        if len(body) > limit:
            raise _too_large(response.status_code, limit, method, path)
        return body
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(response.status_code, limit, method, path)  # it said so up front
    chunks, total = [], 0
    for chunk in response.iter_content(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise _too_large(response.status_code, limit, method, path)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(status: int, limit: int, method: str, path: str) -> BillbeeServerError:
    return BillbeeServerError(
        status_code=status,
        method=method,
        path=path,
        reason=f"body larger than {limit // (1024 * 1024)} MB (decoded), not read further",
    )


def _unreached(exc: Exception, late: bool, method: str, path: str) -> BillbeeConnectionError:
    """The request failed before any answer: was it even sent?"""
    cause = exc.args[0] if exc.args else None
    never_connected = isinstance(exc, requests.ConnectTimeout) or isinstance(
        getattr(cause, "reason", None), NewConnectionError
    )
    if late:
        return BillbeeTimeoutError(
            method=method,
            path=path,
            request_sent=not never_connected,
            reason="call_timeout passed while waiting for the answer",
        )
    return BillbeeConnectionError(
        method=method, path=path, request_sent=not never_connected, reason=type(exc).__name__
    )


def _dropped(
    exc: BaseException, late: bool, status: int, method: str, path: str
) -> BillbeeConnectionError:
    """The answer began (``status`` arrived) and broke off: the request reached Billbee."""
    if late:
        return BillbeeTimeoutError(
            method=method,
            path=path,
            status_code=status,
            reason="call_timeout passed while reading the answer",
        )
    return BillbeeConnectionError(
        method=method,
        path=path,
        status_code=status,
        reason=f"connection dropped in the middle of the answer ({type(exc).__name__})",
    )
