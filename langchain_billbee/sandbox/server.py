"""The sandbox's server: werkzeug's threaded WSGI server on loopback, made safe to embed.

- every connection is tracked, and :meth:`SandboxServer.close_connections` (called by
  ``BillbeeSandbox.stop()``) shuts each one, so no handler answers or writes after stop;
- each connection answers one request (werkzeug's server closes after every response), which
  must arrive whole (request line, headers and body) within ``request_timeout`` seconds: an
  idle or trickling client is cut off instead of holding a thread;
- malformed requests the standard library refuses before the application runs (a request line
  or header too long, 414/431; a bad request line, 400) are answered in JSON like everything
  else, and werkzeug's own log and error pages stay out of the way.
"""

from __future__ import annotations

import contextlib
import io
import logging
import socket
import threading
import time
from http import HTTPStatus
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from . import wire
from .app import SandboxApp
from .context import SandboxContext
from .handlers import JSON
from .routes import API_PREFIX

__all__ = ["API_PREFIX", "SandboxServer"]

logger = logging.getLogger(__name__)


class _DeadlineReader(io.RawIOBase):
    """A socket reader that gives the whole request one deadline: each read waits at most the
    time left, so a client sending a byte a second cannot stretch it. ``release()`` lifts the
    deadline once the request has arrived (later reads only drain the socket)."""

    def __init__(self, connection: socket.socket, seconds: float) -> None:
        self._connection, self._seconds = connection, seconds
        self._deadline: float | None = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._deadline is None:
            self._connection.settimeout(self._seconds)
        else:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request did not arrive in time")
            self._connection.settimeout(left)
        return self._connection.recv_into(buffer)

    def release(self) -> None:
        self._deadline = None


class SandboxRequestHandler(WSGIRequestHandler):
    """werkzeug's handler with the deadline reader, JSON errors and quiet logging."""

    server: SandboxServer
    # Headers and body go out in separate writes; without TCP_NODELAY each answer would wait
    # ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.reader = _DeadlineReader(self.connection, self.server.request_timeout)
        self.rfile = io.BufferedReader(self.reader)
        self.server.readers[self.connection] = self.reader

    def version_string(self) -> str:
        return "langchain-billbee-sandbox"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's refusals (400, 414, 431, 505) as JSON, then close."""
        self.close_connection = True
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # an unreadable request line: answer with headers
        body = wire.dumps({"Message": message or HTTPStatus(code).phrase})
        self.send_response(code, message)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if getattr(self, "command", None) != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("%s %r %s", self.address_string(), getattr(self, "requestline", ""), code)

    def log_error(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


class SandboxServer(ThreadedWSGIServer):
    """Serves :class:`~.app.SandboxApp` on an already bound, listening socket."""

    daemon_threads = True

    def __init__(
        self, listener: socket.socket, context: SandboxContext, *, request_timeout: float = 10.0
    ) -> None:
        self.request_timeout = request_timeout
        self.readers: dict[socket.socket, _DeadlineReader] = {}
        self._open: set[socket.socket] = set()
        self._lock = threading.Condition()
        host, port = listener.getsockname()[:2]
        app = SandboxApp(context, on_body_read=self._request_arrived)
        super().__init__(host, port, app, handler=SandboxRequestHandler, fd=listener.fileno())

    def _request_arrived(self, connection: Any) -> None:
        reader = self.readers.get(connection)
        if reader is not None:
            reader.release()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:  # before the handler thread starts, so stop() cannot miss it
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._open.discard(request)
            self.readers.pop(request, None)
            self._lock.notify_all()
        super().shutdown_request(request)

    def shutdown(self) -> None:
        """Stop ``serve_forever`` now: shutting the listener down wakes its ``select`` at once
        on Linux (elsewhere the loop notices at its next poll, within 50 ms)."""
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        super().shutdown()

    def close_connections(self, wait: float = 5.0) -> None:
        """Shut every open connection and wait (at most ``wait`` s) until their threads end."""
        with self._lock:
            for connection in list(self._open):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self._lock.wait_for(lambda: not self._open, timeout=wait)

    def log(self, type: str, message: str, *args: Any) -> None:
        logger.debug(message, *args)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.exception("sandbox connection from %s failed", client_address)
