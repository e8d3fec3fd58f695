"""The answers the HTTP layer gives before or instead of a handler: 401, 404 "not implemented",
405 with ``Allow``, 406 for XML, 429, the scripted faults' answers and malformed requests."""

from __future__ import annotations

from typing import Any

from . import wire
from .faults import Fault
from .handlers import JSON, Reply
from .routes import API_PREFIX, ROUTES

__all__ = [
    "bad_request", "fault_reply", "json_error", "method_not_allowed", "not_implemented",
    "throttled", "unauthorized", "xml_not_simulated",
]  # fmt: skip

_HTML = "text/html; charset=utf-8"


def json_error(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> Reply:
    """ASP.NET Web API's error shape: ``{"Message": ..., "MessageDetail": ...}``."""
    body = wire.dumps({"Message": message, **extra})
    return Reply(status, body, {"Content-Type": JSON, **(headers or {})})


def _html(status: int, title: str, headers: dict[str, str] | None = None) -> Reply:
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return Reply(status, page.encode("utf-8"), {"Content-Type": _HTML, **(headers or {})})


def bad_request(status: int, detail: str) -> Reply:
    """A request the server cannot read (400), too big (413) or too slow (408)."""
    messages = {400: "The request is invalid.", 408: "The request timed out.",
                413: "The request is too large."}  # fmt: skip
    return json_error(status, messages[status], {"Connection": "close"}, MessageDetail=detail)


def unauthorized() -> Reply:
    return json_error(401, "Authorization has been denied for this request.")


def not_implemented(method: str, path: str) -> Reply:
    """404 in ASP.NET's shape, saying plainly that this is the sandbox's limit."""
    implemented = ", ".join(f"{r.method} {API_PREFIX}{r.template}" for r in ROUTES)
    return json_error(
        404, f"No HTTP resource was found that matches the request URI '{path}'.",
        MessageDetail=f"The langchain-billbee sandbox does not implement {method} {path}. "
                      f"Implemented routes: {implemented}.",
    )  # fmt: skip


def method_not_allowed(method: str, allowed: tuple[str, ...]) -> Reply:
    """405 as ASP.NET Web API answers a method the path does not serve (a client bug, not a
    sandbox limit), with the methods Billbee does serve there."""
    message = f"The requested resource does not support http method '{method}'."
    return json_error(405, message, {"Allow": ", ".join(allowed)})


def xml_not_simulated(accept: str) -> Reply:
    """Billbee would answer this Accept header in XML, which the sandbox cannot write: 406, so a
    client that asks for XML by mistake fails here as its JSON parser would fail on Billbee's
    answer. The request has been handled (a write has landed), as on Billbee."""
    return json_error(
        406, "The langchain-billbee sandbox answers in JSON only.",
        MessageDetail=f"Billbee would answer 'Accept: {accept}' in XML. "
                      "Send 'Accept: application/json'.",
    )  # fmt: skip


def _retry_after(seconds: float | None) -> dict[str, str]:
    if seconds is None:
        return {}
    return {"Retry-After": str(int(seconds)) if float(seconds).is_integer() else str(seconds)}


def throttled(message: str, retry_after: int) -> Reply:
    return Reply(429, wire.dumps(message), {"Content-Type": JSON, "Retry-After": str(retry_after)})


def fault_reply(fault: Fault, paged: bool) -> Reply:
    """The answer a fault serves instead of the real one ("slow" and "drop" are handled by the
    caller)."""
    if fault.kind == "429":
        message = "API calls quota exceeded! (sandbox fault)"
        return Reply(
            429, wire.dumps(message), {"Content-Type": JSON, **_retry_after(fault.retry_after)}
        )
    if fault.kind == "500":
        return json_error(500, "An error has occurred.")
    if fault.kind == "502":
        return _html(502, "502 Bad Gateway")
    if fault.kind == "503":
        return _html(503, "503 Service Temporarily Unavailable", _retry_after(fault.retry_after))
    if fault.kind == "malformed":
        return Reply(200, b'{"Paging":{"Page":1,"TotalPages":', {"Content-Type": JSON})
    envelope = wire.envelope(None, paged=paged, error_message=fault.error_message,
                             error_code=fault.error_code)  # fmt: skip
    return Reply(200, wire.dumps(envelope), {"Content-Type": JSON})
