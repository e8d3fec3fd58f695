"""The sandbox as a WSGI application on werkzeug: read the request, route it, answer.

Per request: read the body within its bounds (a ``Content-Length`` that is no number → 400, too
large → 413, too slow → 408), log it, match the route (a method Billbee does not serve on the
path → 405 with ``Allow``; an unknown route → 404 saying the sandbox does not implement it),
check both credentials (→ 401), serve a scripted fault if one matches, pass the throttle (→ 429
with ``Retry-After``), then run the handler. Whatever a handler raises becomes a logged 500 in
ASP.NET's shape, never a dropped connection.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from werkzeug.wrappers import Request, Response

from . import handlers, replies, routes, wire
from .admin import run_admin
from .binding import Query
from .context import LoggedRequest, SandboxContext
from .faults import Fault
from .handlers import Call, Reply

__all__ = ["MAX_BODY_BYTES", "SandboxApp"]

logger = logging.getLogger("langchain_billbee.sandbox")
MAX_BODY_BYTES = 4 * 2**20  # far above any Billbee request (a 10,000-item stock batch is ~1 MB)
_FORM = "application/x-www-form-urlencoded"


class SandboxApp:
    """The WSGI callable; ``on_body_read(socket)`` tells the server the request has arrived."""

    def __init__(
        self, context: SandboxContext, on_body_read: Callable[[Any], None] = lambda _: None
    ) -> None:
        self.ctx, self._on_body_read = context, on_body_read

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        body = _read_body(environ)
        self._on_body_read(environ.get("werkzeug.socket"))
        # werkzeug parses the request (query, form, headers) from the body read and bounded here.
        environ.pop("wsgi.input_terminated", None)
        environ["wsgi.input"] = io.BytesIO(body if isinstance(body, bytes) else b"")
        environ["CONTENT_LENGTH"] = str(len(body)) if isinstance(body, bytes) else "0"
        request = Request(environ)
        try:
            reply = body if isinstance(body, Reply) else self._answer(request, body)
        except Exception:
            logger.exception("sandbox request %s %s failed", request.method, request.path[:200])
            reply = replies.json_error(500, "An error has occurred.")
        if reply is None:  # a "drop" fault, or the sandbox is stopping: no answer at all
            _drop(environ)
            return []
        response = Response(reply.body, reply.status, headers=reply.headers)
        return response(environ, start_response)

    def _answer(self, request: Request, body: bytes) -> Reply | None:
        if self.ctx.stopping.is_set():
            return None
        path = urlsplit(request.environ.get("RAW_URI") or request.path).path
        if path == "/_sandbox" or path.startswith("/_sandbox/"):
            return run_admin(self.ctx, request.method, path[len("/_sandbox") :] or "/", body)
        if not path.lower().startswith(routes.API_PREFIX):
            self.ctx.stats.bump("not_implemented")
            return replies.not_implemented(request.method, path)
        below = path[len(routes.API_PREFIX) :]
        query = request.query_string.decode("latin-1")
        text = body.decode("utf-8", errors="replace")
        with self.ctx.in_flight.request() as ticket:
            self.ctx.requests.add(LoggedRequest(request.method, below, query, text))
            return self._api(request, below, body, ticket)

    def _api(
        self, request: Request, path: str, body: bytes, ticket: threading.Event
    ) -> Reply | None:
        found = routes.match(request.method, path)
        if found.route is None:
            if found.allowed and not found.unimplemented:
                return replies.method_not_allowed(request.method, found.allowed)
            self.ctx.stats.bump("not_implemented")
            return replies.not_implemented(request.method, routes.API_PREFIX + path)
        form = list(request.form.items(multi=True)) if request.mimetype == _FORM else None
        query = Query(request.args.items(multi=True))
        call = Call(self.ctx.backend, found.route, found.params, query, body,
                    request.content_type or "", form=form)  # fmt: skip
        return self._serve(request, call, path, ticket)

    def _serve(
        self, request: Request, call: Call, path: str, ticket: threading.Event
    ) -> Reply | None:
        ctx = self.ctx
        ctx.stats.bump("requests")
        identity = _identity(request, ctx)
        if identity is None:
            ctx.stats.bump("unauthorized")
            return replies.unauthorized()
        fault = ctx.faults.take(request.method, path)
        after = fault is not None and fault.when == "after" and call.route.write
        if fault is not None:
            ctx.stats.bump("faults_served")
            if not after and (fault.kind != "slow" or not _wait(fault, ticket)):
                return self._fault(fault, call)
        key = handlers.throttle_key(call) if call.route.throttle else None
        refusal = ctx.throttle.check(identity, call.route.throttle, key)
        if refusal is not None:
            ctx.stats.bump("throttled")
            return replies.throttled(refusal.message, refusal.retry_after)
        if ticket.is_set():  # reset or stopped while this request waited: it changes nothing
            return None
        reply = handlers.run(call)
        if reply.body and wire.prefers_xml(request.accept_mimetypes):
            reply = replies.xml_not_simulated(request.headers.get("Accept", ""))
        if after and fault is not None:
            if fault.kind == "slow":
                return reply if _wait(fault, ticket) else None
            return self._fault(fault, call)
        return reply

    def _fault(self, fault: Fault, call: Call) -> Reply | None:
        if fault.kind in ("drop", "slow"):  # a slow answer cut short by stop(): no answer
            return None
        return replies.fault_reply(fault, call.route.paged)


def _wait(fault: Fault, ticket: threading.Event) -> bool:
    """Sleep a "slow" fault's delay; False if the sandbox stopped or was reset meanwhile."""
    return not ticket.wait(fault.delay)


def _read_body(environ: dict[str, Any]) -> bytes | Reply:
    """The body, bounded: ``Content-Length`` must be digits and at most MAX_BODY_BYTES (also a
    chunked body, which werkzeug would read unbounded), and it must arrive before the server's
    request deadline."""
    length = environ.get("CONTENT_LENGTH") or None
    too_large = replies.bad_request(413, f"The body may have at most {MAX_BODY_BYTES} bytes.")
    if length is not None and not (length.strip().isascii() and length.strip().isdigit()):
        return replies.bad_request(400, f"Content-Length '{length[:40]}' is not a byte count.")
    if length is not None and (len(length.strip()) > 15 or int(length) > MAX_BODY_BYTES):
        return too_large
    chunked = "wsgi.input_terminated" in environ
    wanted = MAX_BODY_BYTES + 1 if chunked else int(length or 0)
    try:
        data: bytes = environ["wsgi.input"].read(wanted) if wanted else b""
    except TimeoutError:
        return replies.bad_request(408, "The request body did not arrive in time.")
    except (OSError, ValueError) as exc:  # a broken chunked encoding, a dropped client
        return replies.bad_request(400, f"The request body could not be read: {exc}"[:200])
    if len(data) > MAX_BODY_BYTES:
        return too_large
    if not chunked and len(data) < wanted:
        return replies.bad_request(400, "The request body is shorter than its Content-Length.")
    return data


def _identity(request: Request, ctx: SandboxContext) -> tuple[str, str] | None:
    """(api key, user) when both the key and Basic credentials match, else None."""
    expected = ctx.credentials
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return None
    key = request.headers.get("X-Billbee-Api-Key", "")
    user, password = auth.username or "", auth.password or ""
    checks = ((key, expected.api_key), (user, expected.username),
              (password, expected.api_password))  # fmt: skip
    if all(hmac.compare_digest(a.encode(), b.encode()) for a, b in checks):
        return key, user
    return None


def _drop(environ: dict[str, Any]) -> None:
    """Close the connection without answering."""
    connection = environ.get("werkzeug.socket")
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
