"""The HTTP layer: a threaded stdlib server on loopback answering Billbee's routes.

Per request: match the route (a method Billbee does not serve on the path → 405; an unknown
route → 404 saying the sandbox does not implement it), check
both credentials (→ 401), serve a scripted fault if one matches, pass the throttle (→ 429 with
``Retry-After``), then run the handler. Chunked request bodies are not supported.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import json
import logging
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from . import handlers, wire
from .admin import run_admin
from .binding import Query
from .context import LoggedRequest, SandboxContext
from .faults import Fault
from .handlers import JSON, Call, Reply
from .routes import API_PREFIX, ROUTES, allowed_methods, match

__all__ = ["API_PREFIX", "SandboxServer"]

logger = logging.getLogger(__name__)
_HTML = "text/html; charset=utf-8"


class SandboxServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer carrying the sandbox's shared context."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], context: SandboxContext) -> None:
        super().__init__(address, SandboxRequestHandler)
        self.context = context

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or a dropped connection is routine here, not worth a traceback.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            logger.debug("connection from %s ended early: %s", client_address, error)
            return
        logger.exception("sandbox request from %s failed", client_address)


def _json(value: Any, status: int, headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status, json.dumps(value).encode("utf-8"), {"Content-Type": JSON, **(headers or {})}
    )


def _html(status: int, title: str, headers: dict[str, str] | None = None) -> Reply:
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return Reply(status, page.encode("utf-8"), {"Content-Type": _HTML, **(headers or {})})


def not_implemented(method: str, path: str) -> Reply:
    """404 in ASP.NET's shape, saying plainly that this is the sandbox's limit."""
    implemented = ", ".join(f"{r.method} {API_PREFIX}{r.template}" for r in ROUTES)
    return _json({
        "Message": f"No HTTP resource was found that matches the request URI '{path}'.",
        "MessageDetail": f"The langchain-billbee sandbox does not implement {method} {path}. "
                         f"Implemented routes: {implemented}.",
    }, 404)  # fmt: skip


def method_not_allowed(method: str, allowed: list[str]) -> Reply:
    """405 as ASP.NET Web API answers a method the path does not serve (a client bug, not a
    sandbox limit), with the methods Billbee does serve there."""
    message = f"The requested resource does not support http method '{method}'."
    return _json({"Message": message}, 405, {"Allow": ", ".join(allowed)})


def xml_not_simulated(accept: str) -> Reply:
    """Billbee would answer this Accept header in XML, which the sandbox cannot write: 406, so a
    client that asks for XML by mistake fails here as its JSON parser would fail on Billbee's
    answer. The request has been handled (a write has landed), as on Billbee."""
    return _json({
        "Message": "The langchain-billbee sandbox answers in JSON only.",
        "MessageDetail": f"Billbee would answer 'Accept: {accept}' in XML. "
                         "Send 'Accept: application/json'.",
    }, 406)  # fmt: skip


def _retry_after(seconds: float | None) -> dict[str, str]:
    if seconds is None:
        return {}
    return {"Retry-After": str(int(seconds)) if float(seconds).is_integer() else str(seconds)}


def fault_reply(fault: Fault, call: Call) -> Reply:
    """The answer a fault serves instead of the real one ("slow" and "drop" are handled by the
    caller)."""
    if fault.kind == "429":
        message = "API calls quota exceeded! (sandbox fault)"
        return _json(message, 429, _retry_after(fault.retry_after))
    if fault.kind == "500":
        return _json({"Message": "An error has occurred."}, 500)
    if fault.kind == "502":
        return _html(502, "502 Bad Gateway")
    if fault.kind == "503":
        return _html(503, "503 Service Temporarily Unavailable", _retry_after(fault.retry_after))
    if fault.kind == "malformed":
        return Reply(200, b'{"Paging":{"Page":1,"TotalPages":', {"Content-Type": JSON})
    envelope = wire.envelope(None, paged=call.route.paged, error_message=fault.error_message,
                             error_code=fault.error_code)  # fmt: skip
    return handlers.json_reply(envelope)


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """Answers one connection's requests (HTTP/1.1 keep-alive, like Billbee)."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY each keep-alive answer
    # would wait ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True
    server: SandboxServer

    def version_string(self) -> str:
        return "langchain-billbee-sandbox"

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    @property
    def ctx(self) -> SandboxContext:
        return self.server.context

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length > 0 else b""
        if url.path in ("/_sandbox", "/_sandbox/") or url.path.startswith("/_sandbox/"):
            admin_path = url.path[len("/_sandbox") :] or "/"
            self._send(run_admin(self.ctx, self.command, admin_path, raw_body))
            return
        below = url.path[len(API_PREFIX) :] if url.path.lower().startswith(API_PREFIX) else None
        if below is not None:
            body_text = raw_body.decode("utf-8", errors="replace")
            self.ctx.requests.add(LoggedRequest(self.command, below, url.query, body_text))
        found = match(ROUTES, self.command, below) if below else None
        allowed = allowed_methods(ROUTES, below) if below and found is None else []
        if allowed and self.command not in allowed:
            self._send(method_not_allowed(self.command, allowed))
            return
        if below is None or found is None:
            self.ctx.stats.bump("not_implemented")
            self._send(not_implemented(self.command, url.path))
            return
        route, params = found
        content_type = self.headers.get("Content-Type", "")
        call = Call(self.ctx.backend, route, params, Query(url.query), raw_body, content_type)
        self._api(call, below)

    def _api(self, call: Call, path: str) -> None:
        ctx = self.ctx
        ctx.stats.bump("requests")
        identity = self._identity()
        if identity is None:
            ctx.stats.bump("unauthorized")
            self._send(_json({"Message": "Authorization has been denied for this request."}, 401))
            return
        fault = ctx.faults.take(self.command, path)
        if fault is not None:
            ctx.stats.bump("faults_served")
            applies_after = fault.when == "after" and call.route.write
            if not applies_after and self._serve_fault_before(fault, call):
                return
        key = handlers.throttle_key(call) if call.route.throttle else None
        refusal = ctx.throttle.check(identity, call.route.throttle, key)
        if refusal is not None:
            ctx.stats.bump("throttled")
            headers = {"Retry-After": str(refusal.retry_after)}
            self._send(_json(refusal.message, 429, headers))
            return
        reply = handlers.run(call)
        if reply.body and wire.prefers_xml(self.headers.get("Accept", "")):
            reply = xml_not_simulated(self.headers.get("Accept", ""))
        if fault is not None and fault.when == "after" and call.route.write:
            self._serve_fault_after(fault, call, reply)
            return
        self._send(reply)

    def _serve_fault_before(self, fault: Fault, call: Call) -> bool:
        """Serve a fault before the request is handled; False if the request should go on."""
        if fault.kind == "slow":
            self.ctx.stopping.wait(fault.delay)
            return False
        if fault.kind == "drop":
            self._drop()
        else:
            self._send(fault_reply(fault, call))
        return True

    def _serve_fault_after(self, fault: Fault, call: Call, reply: Reply) -> None:
        if fault.kind == "slow":
            self.ctx.stopping.wait(fault.delay)
            self._send(reply)
        elif fault.kind == "drop":
            self._drop()
        else:
            self._send(fault_reply(fault, call))

    def _identity(self) -> tuple[str, str] | None:
        """(api key, user) when both the key and Basic credentials match, else None."""
        expected = self.ctx.credentials
        key = self.headers.get("X-Billbee-Api-Key", "")
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(token.strip()).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        checks = ((key, expected.api_key), (user, expected.username),
                  (password, expected.api_password))  # fmt: skip
        if all(hmac.compare_digest(a.encode(), b.encode()) for a, b in checks):
            return key, user
        return None

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.body and self.command != "HEAD":
            self.wfile.write(reply.body)

    def _drop(self) -> None:
        """Close the connection without answering."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
