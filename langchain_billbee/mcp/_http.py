"""Streamable HTTP: the MCP endpoint at ``/mcp``, behind a guard for Host, Origin and token.

A server on 127.0.0.1 is still reachable from any web page the user opens: a page can post to
``http://127.0.0.1:PORT`` directly, or rename itself there by DNS rebinding. The MCP spec asks
local servers to check ``Origin``; the guard also checks ``Host`` on loopback (a rebound page
sends its own name) and, when a token is set, requires ``Authorization: Bearer <token>`` on every
request. Bound to any other address, the server is reachable from the network, so the command
line refuses to start it without a token.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import socket
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["ENDPOINT", "HttpGuard", "is_loopback", "open_socket", "serve_http"]

logger = logging.getLogger("langchain_billbee.mcp")

ENDPOINT = "/mcp"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_name(value: str) -> str:
    """The host part of a ``Host`` header or an origin's netloc (no port, no brackets)."""
    return (urlsplit(f"//{value}").hostname or "").lower()


@dataclass(frozen=True)
class HttpGuard:
    """ASGI middleware: 421 for a foreign Host on loopback, 403 for a foreign Origin, 401
    without the bearer token (when one is set)."""

    app: ASGIApp
    token: str | None
    loopback: bool
    allowed_origins: Collection[str] = ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(Headers(scope=scope))
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, headers: Headers) -> PlainTextResponse | None:
        host = headers.get("host", "")
        if self.loopback and not is_loopback(_host_name(host)):
            logger.warning("refused a request for host %r (DNS rebinding?)", host[:100])
            return PlainTextResponse("Host not allowed for a local MCP server", 421)
        origin = headers.get("origin")
        if origin is not None and not self._origin_allowed(origin):
            logger.warning("refused a request from origin %r", origin[:100])
            return PlainTextResponse("Origin not allowed", 403)
        if self.token is not None and not self._bearer_ok(headers.get("authorization", "")):
            return PlainTextResponse(
                "Missing or wrong bearer token", 401, headers={"WWW-Authenticate": "Bearer"}
            )
        return None

    def _origin_allowed(self, origin: str) -> bool:
        if origin.rstrip("/") in self.allowed_origins:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and is_loopback(parts.hostname or "")

    def _bearer_ok(self, authorization: str) -> bool:
        scheme, _, presented = authorization.partition(" ")
        expected = self.token or ""
        # Compared in constant time, so response timing does not reveal the token's prefix.
        same = hmac.compare_digest(presented.strip().encode(), expected.encode())
        return scheme.lower() == "bearer" and same


class _Endpoint:
    """The session manager as a Starlette endpoint (an ASGI app, not a request handler)."""

    def __init__(self, manager: StreamableHTTPSessionManager) -> None:
        self.manager = manager

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.manager.handle_request(scope, receive, send)


def build_app(
    server: Server[Any, Any], *, token: str | None, loopback: bool, allowed_origins: Collection[str]
) -> ASGIApp:
    """The guarded ASGI app serving ``server`` at ``/mcp`` (stateful sessions, SSE replies:
    a confirmation request travels to the client inside the tool call's response stream)."""
    manager = StreamableHTTPSessionManager(app=server)
    app = Starlette(
        routes=[Route(ENDPOINT, endpoint=_Endpoint(manager))],
        lifespan=lambda _app: manager.run(),
    )
    return HttpGuard(app, token, loopback, frozenset(o.rstrip("/") for o in allowed_origins))


def open_socket(host: str, port: int) -> socket.socket:
    """A listening socket; ``port`` 0 takes a free one. ``OSError`` if the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


async def serve_http(app: ASGIApp, sock: socket.socket) -> None:
    """Serve until SIGINT/SIGTERM; uvicorn logs through ``logging`` (stderr), not its own
    stdout handlers."""
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=2
    )
    await uvicorn.Server(config).serve(sockets=[sock])
