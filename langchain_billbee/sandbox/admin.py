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

import json
from typing import Any

from .context import SandboxContext
from .faults import SOAK_KINDS
from .handlers import JSON, Reply
from .routes import ADMIN_ROUTES, API_PREFIX, ROUTES, match

__all__ = ["run_admin"]


def _json(value: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(value).encode("utf-8"), {"Content-Type": JSON})


_ADMIN_HELP = {
    "admin_index": "this list",
    "admin_list_faults": "queued faults and how many were served",
    "admin_add_fault": 'queue a fault: {"kind": "503", "path": "/orders", "count": 2}, '
    'or random faults: {"rate": 0.1, "seed": 7}',
    "admin_clear_faults": "drop every queued fault and the random rate",
    "admin_reset": "fresh demo data, no faults, empty throttles, zero counters",
    "admin_stats": "request counters",
}


def admin_index(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    admin = [f"{r.method} /_sandbox{r.template} — {_ADMIN_HELP[r.handler]}" for r in ADMIN_ROUTES]
    billbee = [f"{r.method} {API_PREFIX}{r.template}" for r in ROUTES]
    return _json({"sandbox": "langchain-billbee", "admin": admin, "billbee": billbee})


def admin_list_faults(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    pending = [fault.describe() for fault in ctx.faults.pending]
    return _json({"pending": pending, "served": ctx.faults.served})


_RANDOM_OPTIONS = frozenset({"rate", "kinds", "seed", "method", "path", "retry_after", "delay"})


def admin_add_fault(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
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
    ctx.faults.clear()
    return _json({"cleared": True})


def admin_reset(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    ctx.reset()
    return _json({"reset": True})


def admin_stats(ctx: SandboxContext, body: dict[str, Any]) -> Reply:
    return _json(ctx.stats.as_dict())


def run_admin(ctx: SandboxContext, method: str, path: str, raw_body: bytes) -> Reply:
    """Answer an admin request; ``path`` is below ``/_sandbox``."""
    found = match(ADMIN_ROUTES, method, path)
    if found is None:
        return _json({"Message": f"The sandbox has no admin route {method} /_sandbox{path}."}, 404)
    try:
        body = json.loads(raw_body) if raw_body.strip() else {}
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        handler = globals()[found[0].handler]
        reply: Reply = handler(ctx, body)
    except (ValueError, TypeError) as exc:
        return _json({"Message": str(exc)}, 400)
    return reply
