"""The sandbox's route table: data pointing at handler functions, matched by werkzeug's router.

Paths are below ``/api/v1`` in werkzeug's rule syntax. ``paged`` routes answer an
ApiPagedResult, ``write`` routes change state (faults with ``when="after"`` apply the write
first), ``throttle`` names a per-call throttle in :mod:`.throttle`. Matching ignores case like
ASP.NET routing does, while the values keep the case and percent-encoding they were sent with
(decoded once here: ``/products/KR%2D01?lookupBy=sku`` is SKU ``KR-01``).

An id segment takes any text, as ASP.NET's unconstrained ``{id}`` does: the handler binds it
(``/orders/-5`` is an unknown order, ``/orders/abc`` a value int64 cannot hold), so no id is
mistaken for a route the sandbox lacks. The converters keep Billbee's literal siblings
(``/orders/invoices``, ``/products/stocks``) from being read as ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, Map, Rule

from . import handlers

if TYPE_CHECKING:
    from .handlers import Call, Reply

__all__ = [
    "API_PREFIX", "ROUTES", "UNIMPLEMENTED", "Match", "Route", "match", "readable", "route_of",
]  # fmt: skip

API_PREFIX = "/api/v1"


class OrderIdConverter(BaseConverter):
    """An ``/orders/{id}`` segment: anything but Billbee's other ``/orders/…`` endpoints."""

    regex = r"(?!(?:invoices|patchablefields)$)[^/]+"


class ProductIdConverter(BaseConverter):
    """An ``/products/{id}`` segment (an id, SKU or EAN): anything but Billbee's other
    ``/products/…`` endpoints."""

    regex = (
        r"(?!(?:stocks|reservedamount|custom-fields|category|patchablefields|updatestock\w*"
        r"|images)$)[^/]+"
    )


@dataclass(frozen=True)
class Route:
    """One operation: HTTP method, werkzeug rule below ``/api/v1``, handler and traits."""

    method: str
    rule: str
    handler: Callable[[Call], Reply]
    paged: bool = False
    write: bool = False
    throttle: str | None = None

    @property
    def name(self) -> str:
        return self.handler.__name__

    @property
    def template(self) -> str:
        """The path as people write it: ``/orders/{id}``."""
        return readable(self.rule)


def readable(rule: str) -> str:
    """``/orders/<order_id:id>`` → ``/orders/{id}``."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


ROUTES = (
    Route("GET", "/orders", handlers.get_orders, paged=True),
    Route("GET", "/orders/invoices", handlers.get_invoices, paged=True, throttle="invoices"),
    Route("GET", "/orders/<order_id:id>", handlers.get_order, throttle="order"),
    Route("GET", "/orders/findbyextref/<extRef>", handlers.get_order_by_extref),
    Route("PUT", "/orders/<id>/orderstate", handlers.update_order_state, write=True),
    Route("GET", "/customers", handlers.get_customers, paged=True),
    Route("GET", "/customers/<id>", handlers.get_customer),
    Route("GET", "/customers/<id>/orders", handlers.get_customer_orders, paged=True),
    Route("POST", "/search", handlers.search),
    Route("GET", "/products", handlers.get_products, paged=True),
    Route("GET", "/products/<product_id:id>", handlers.get_product),
    Route("POST", "/products/updatestock", handlers.update_stock, write=True),
    Route("POST", "/products/updatestockmultiple", handlers.update_stock_multiple, write=True),
    Route("GET", "/enums/orderstates", handlers.get_order_states),
)

# Methods Billbee's spec also serves on these paths, which the sandbox does not implement (they
# answer 404 "not implemented"); any other method on a known path is a 405, as ASP.NET answers.
UNIMPLEMENTED: dict[str, tuple[str, ...]] = {
    "/orders": ("POST",),
    "/orders/<order_id:id>": ("PATCH",),
    "/customers": ("POST",),
    "/customers/<id>": ("PUT",),
    "/products": ("POST",),
    "/products/<product_id:id>": ("DELETE", "PATCH"),
}

_MAP = Map(
    [Rule(r.rule, endpoint=r, methods=[r.method]) for r in ROUTES]
    + [Rule(rule, endpoint=None, methods=list(ms)) for rule, ms in UNIMPLEMENTED.items()],
    converters={"order_id": OrderIdConverter, "product_id": ProductIdConverter},
    strict_slashes=False, merge_slashes=False,
)  # fmt: skip
_ADAPTER = _MAP.bind("sandbox")


@dataclass(frozen=True)
class Match:
    """What a request path and method resolve to: a route and its values, or why not.

    ``route`` None with ``allowed`` empty: no such path (404 "not implemented"); with
    ``allowed`` set: a method Billbee does not serve there (405), or one it serves and the
    sandbox does not (``unimplemented``)."""

    route: Route | None
    params: dict[str, str]
    allowed: tuple[str, ...] = ()
    unimplemented: bool = False


def _segments(path: str) -> list[str]:
    return (re.sub("/{2,}", "/", path).rstrip("/") or "/").split("/")


def match(method: str, raw_path: str) -> Match:
    """Resolve ``method`` on ``raw_path`` (below ``/api/v1``, still percent-encoded).

    ``HEAD`` is refused like any other method no route serves: werkzeug would answer it with
    the GET route, Billbee's ASP.NET answers 405."""
    segments = _segments(raw_path)
    lowered = "/".join(segments).lower()
    allowed = tuple(m for m in _allowed(lowered) if m != "HEAD")
    if method == "HEAD" or method not in allowed:
        return Match(None, {}, allowed)
    try:
        rule, _ = _ADAPTER.match(lowered, method=method, return_rule=True)
    except (NotFound, MethodNotAllowed):  # pragma: no cover - _allowed said it matches
        return Match(None, {}, allowed)
    route: Route | None = rule.endpoint
    if route is None:
        return Match(None, {}, allowed, unimplemented=True)
    names = _segments(rule.rule)
    params = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"\1", name): unquote(value)
        for name, value in zip(names, segments, strict=True) if name.startswith("<")
    }  # fmt: skip
    return Match(route, params, allowed)


def _allowed(path: str) -> list[str]:
    return sorted(_ADAPTER.allowed_methods(path))


def route_of(path: str) -> str | None:
    """The rule a request path (below ``/api/v1``) falls under, whatever the method."""
    lowered = "/".join(_segments(path)).lower()
    for method in _allowed(lowered):
        try:
            rule: Any = _ADAPTER.match(lowered, method=method, return_rule=True)[0]
        except (NotFound, MethodNotAllowed):  # pragma: no cover
            continue
        return str(rule.rule)
    return None
