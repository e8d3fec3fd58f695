"""The ``/_sandbox/`` admin routes (outside ``/api/v1``, no credentials, loopback only), so a
shell can script faults too::

    curl -X POST localhost:8765/_sandbox/faults -d '{"kind": "503", "path": "/orders", "count": 2}'
    curl -X POST localhost:8765/_sandbox/faults -d '{"rate": 0.1, "seed": 7}'   # random faults
    curl -X DELETE localhost:8765/_sandbox/faults
    curl -X POST localhost:8765/_sandbox/reset
    curl localhost:8765/_sandbox/stats
    curl localhost:8765/_sandbox/           # this list, and the Billbee routes served
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from . import wire
from .context import SandboxContext
from .faults import SOAK_KINDS
from .handlers import JSON, Reply
from .routes import API_PREFIX, ROUTES, readable

__all__ = ["run_admin"]

AdminHandler = Callable[[SandboxContext, dict[str, Any]], Reply]


def _json(value: Any, status: int = 200) -> Reply:
    return Reply(status, wire.dumps(value), {"Content-Type": JSON})


def admin_index(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    """this list, and the Billbee routes the sandbox serves"""
    admin = [f"{m} /_sandbox{readable(rule)} — {(f.__doc__ or '').strip()}"
             for rule, m, f in ADMIN_ROUTES]  # fmt: skip
    billbee = [f"{r.method} {API_PREFIX}{r.template}" for r in ROUTES]
    return _json({"sandbox": "langchain-billbee", "admin": admin, "billbee": billbee})


def admin_list_faults(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    """queued faults and how many were served"""
    pending = [fault.describe() for fault in ctx.faults.pending]
    return _json({"pending": pending, "served": ctx.faults.served})


_RANDOM_OPTIONS = frozenset({"rate", "kinds", "seed", "method", "path", "retry_after", "delay"})


def admin_add_fault(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    """queue a fault, {"kind": "503", "path": "/orders", "count": 2}, or random faults,
    {"rate": 0.1, "seed": 7}"""
    if "rate" in body:
        unknown = sorted(set(body) - _RANDOM_OPTIONS)
        if unknown:  # a typo must not be dropped silently: the rate would run without it
            raise ValueError(f"unknown options for random faults: {unknown}")
        names = ("method", "path", "retry_after", "delay")
        options: dict[str, Any] = {k: body[k] for k in names if k in body}
        ctx.faults.set_random(
            float(body["rate"]), kinds=body.get("kinds") or SOAK_KINDS,
            seed=int(body.get("seed", 0)), **options,
        )  # fmt: skip
        return _json({"rate": body["rate"]})
    options = {k: v for k, v in body.items() if k != "kind"}
    fault = ctx.faults.add(str(body.get("kind")), **options)
    return _json(fault.describe())


def admin_clear_faults(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    """drop every queued fault and the random rate"""
    ctx.faults.clear()
    return _json({"cleared": True})


def admin_reset(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    """fresh demo data, no faults, empty throttles, zero counters"""
    ctx.reset()
    return _json({"reset": True})


def admin_stats(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    """request counters"""
    return _json(ctx.stats.as_dict())


ADMIN_ROUTES: tuple[tuple[str, str, AdminHandler], ...] = (
    ("/", "GET", admin_index),
    ("/faults", "GET", admin_list_faults),
    ("/faults", "POST", admin_add_fault),
    ("/faults", "DELETE", admin_clear_faults),
    ("/reset", "POST", admin_reset),
    ("/stats", "GET", admin_stats),
)
_ADAPTER = Map(
    [Rule(rule, endpoint=handler, methods=[method]) for rule, method, handler in ADMIN_ROUTES],
    strict_slashes=False,
).bind("sandbox")


def run_admin(ctx: SandboxContext, method: str, path: str, raw_body: bytes) -> Reply:
    """Answer an admin request; ``path`` is below ``/_sandbox``."""
    try:
        handler: AdminHandler = _ADAPTER.match(path, method=method)[0]
    except (NotFound, MethodNotAllowed):
        return _json({"Message": f"The sandbox has no admin route {method} /_sandbox{path}."}, 404)
    try:
        body = wire.loads(raw_body) if raw_body.strip() else {}
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        return handler(ctx, body)
    except (ValueError, TypeError) as exc:  # QueryError (not JSON, too deep) is a ValueError
        return _json({"Message": str(exc)}, 400)
