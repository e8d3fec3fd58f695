"""Misbehaving HTTP servers on 127.0.0.1 (a free port each) for the hostile tier.

A test gives a *responder*: a function that gets each request as an :class:`Exchange` and
answers it however a hostile or broken server would (a redirect, a body trickled a byte at a
time, a connection dropped mid-body, a gzip bomb, an echo of the request's headers). Every
request that arrived is recorded, so a test can prove that nothing more was sent.

``stop()`` ends every connection and joins every thread, so a responder that trickles forever
cannot outlive its test.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import responses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Received:
    """One request as it arrived: method, path (without ``/api/v1``), query, headers, body."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path.removeprefix(API_PREFIX)

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.target).query)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


class Exchange:
    """The request being answered, and raw access to the connection to answer it on."""

    def __init__(self, request: Received, sock: socket.socket, stopping: threading.Event) -> None:
        self.request = request
        self._sock = sock
        self.stopping = stopping

    def send(self, data: bytes) -> None:
        self._sock.sendall(data)

    def head(self, status: int, headers: dict[str, str] | None = None) -> None:
        """The status line and headers; ``Connection: close`` unless the test says otherwise."""
        lines = [f"HTTP/1.1 {status} {responses.get(status, 'Whatever')}"]
        merged = {"Connection": "close", **(headers or {})}
        lines += [f"{name}: {value}" for name, value in merged.items()]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode())  # UTF-8: any bytes a server may send

    def reply(
        self,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        json_body: Any = None,
    ) -> None:
        """A complete response with a correct Content-Length."""
        merged = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            merged.setdefault("Content-Type", "application/json; charset=utf-8")
        merged.setdefault("Content-Length", str(len(body)))
        self.head(status, merged)
        self.send(body)

    def trickle(self, data: bytes, interval: float) -> None:
        """Send ``data`` one byte per ``interval`` seconds, until done or the server stops."""
        for byte in data:
            if self.stopping.wait(interval):
                return
            self.send(bytes([byte]))

    def wait_until_stopped(self, ceiling: float = 60.0) -> None:
        """Hold the connection open, answering nothing (the server's ``stop`` ends it)."""
        self.stopping.wait(ceiling)


Responder = Callable[[Exchange], None]


def envelope(data: Any, **extra: Any) -> dict[str, Any]:
    """A Billbee success envelope."""
    return {"ErrorMessage": None, "ErrorCode": 0, "ErrorDescription": None, "Data": data, **extra}


@dataclass
class _Shared:
    responder: Responder
    received: list[Received] = field(default_factory=list)
    sockets: set[socket.socket] = field(default_factory=set)
    errors: list[BaseException] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        with self.server.shared.lock:
            self.server.shared.sockets.add(self.connection)

    def finish(self) -> None:
        with self.server.shared.lock:
            self.server.shared.sockets.discard(self.connection)
        with contextlib.suppress(OSError):  # the client (or stop()) already closed it
            super().finish()

    def _handle(self) -> None:
        shared = self.server.shared
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received = Received(self.command, self.path, dict(self.headers.items()), body)
        with shared.lock:
            shared.received.append(received)
        try:
            shared.responder(Exchange(received, self.connection, shared.stopping))
        except OSError:
            pass  # the client gave up on us, which is often the point of the test
        except BaseException as exc:  # a broken responder must fail its test, not vanish
            shared.errors.append(exc)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # stop() joins them: no thread outlives its test
    shared: _Shared


class HostileServer:
    """One misbehaving server; use as a context manager or through the ``serve`` fixture."""

    def __init__(self, responder: Responder, *, host: str = "127.0.0.1") -> None:
        self._server = _Server((host, 0), _Handler)
        self._server.shared = _Shared(responder)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self.host = host

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + API_PREFIX

    @property
    def received(self) -> list[Received]:
        with self._server.shared.lock:
            return list(self._server.shared.received)

    @property
    def errors(self) -> list[BaseException]:
        return list(self._server.shared.errors)

    def wait_for_requests(self, count: int, ceiling: float = 30.0) -> list[Received]:
        """The requests once ``count`` have arrived (or whatever arrived by the ceiling)."""
        deadline = time.monotonic() + ceiling
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.received

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        shared = self._server.shared
        shared.stopping.set()
        with contextlib.suppress(OSError):  # wakes serve_forever now, not at its next poll
            self._server.socket.shutdown(socket.SHUT_RDWR)
        self._server.shutdown()
        with shared.lock:
            open_sockets = list(shared.sockets)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._server.server_close()  # joins the handler threads
        self._thread.join(timeout=10)

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


Serve = Callable[[Responder], HostileServer]
"""The ``serve`` fixture: start a server for a responder (stopped after the test)."""
