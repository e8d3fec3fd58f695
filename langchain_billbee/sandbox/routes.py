"""The sandbox's route table: pure data, matched case-insensitively like ASP.NET routing.

Paths are below ``/api/v1``; ``handler`` names a function in :mod:`.handlers`. ``paged`` routes
answer an ApiPagedResult, ``write`` routes change state (faults with ``when="after"`` apply the
write first), ``throttle`` names a per-call throttle in :mod:`.throttle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

__all__ = [
    "ADMIN_ROUTES",
    "API_PREFIX",
    "ROUTES",
    "UNIMPLEMENTED_METHODS",
    "Route",
    "allowed_methods",
    "match",
]


API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Route:
    """One operation: HTTP method, path pattern, handler name and traits."""

    method: str
    path: str
    handler: str
    paged: bool = False
    write: bool = False
    throttle: str | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.path, re.IGNORECASE))

    @property
    def template(self) -> str:
        """The path as people write it: ``/orders/{id}``, not the pattern that matches it."""
        return _readable(self.path)


def _readable(pattern: str) -> str:
    """``/products/(?P<id>(?!...)[^/]+)`` → ``/products/{id}``: each named group, however
    nested, becomes its ``{name}``."""
    out, index = [], 0
    while (start := pattern.find("(?P<", index)) != -1:
        name_end = pattern.index(">", start)
        depth, cursor = 0, start
        while True:  # skip to the parenthesis that closes this group
            depth += {"(": 1, ")": -1}.get(pattern[cursor], 0)
            if depth == 0:
                break
            cursor += 1
        out += [pattern[index:start], "{", pattern[start + 4 : name_end], "}"]
        index = cursor + 1
    return "".join(out) + pattern[index:] or "/"


# Billbee has more endpoints below /products/; they must not be read as a product id.
_OTHER_PRODUCT_PATHS = (
    "stocks|reservedamount|custom-fields|category|patchablefields|updatestock\\w*|images"
)
_PRODUCT_ID = rf"(?P<id>(?!(?:{_OTHER_PRODUCT_PATHS})$)[^/]+)"
# Any segment is an id to bind, as ASP.NET's unconstrained {id} takes it: /orders/-5 is an
# unknown order (404), /orders/abc or /orders/² a value int64 cannot hold (400), not a route
# the sandbox lacks.
_ORDER_ID = r"(?P<id>(?!(?:invoices|patchablefields)$)[^/]+)"
_ID = r"(?P<id>[^/]+)"

ROUTES = (
    Route("GET", r"/orders", "get_orders", paged=True),
    Route("GET", r"/orders/invoices", "get_invoices", paged=True, throttle="invoices"),
    Route("GET", r"/orders/" + _ORDER_ID, "get_order", throttle="order"),
    Route("GET", r"/orders/findbyextref/(?P<extRef>[^/]+)", "get_order_by_extref"),
    Route("PUT", r"/orders/" + _ID + "/orderstate", "update_order_state", write=True),
    Route("GET", r"/customers", "get_customers", paged=True),
    Route("GET", r"/customers/" + _ID, "get_customer"),
    Route("GET", r"/customers/" + _ID + "/orders", "get_customer_orders", paged=True),
    Route("POST", r"/search", "search"),
    Route("GET", r"/products", "get_products", paged=True),
    Route("GET", r"/products/" + _PRODUCT_ID, "get_product"),
    Route("POST", r"/products/updatestock", "update_stock", write=True),
    Route("POST", r"/products/updatestockmultiple", "update_stock_multiple", write=True),
    Route("GET", r"/enums/orderstates", "get_order_states"),
)

# Methods Billbee's spec also serves on these paths, which the sandbox does not implement (they
# answer 404 "not implemented"); any other method on these paths is a 405, as ASP.NET answers.
UNIMPLEMENTED_METHODS: dict[str, tuple[str, ...]] = {
    r"/orders": ("POST",),
    r"/orders/" + _ORDER_ID: ("PATCH",),
    r"/customers": ("POST",),
    r"/customers/" + _ID: ("PUT",),
    r"/products": ("POST",),
    r"/products/" + _PRODUCT_ID: ("DELETE", "PATCH"),
}

# Below /_sandbox (outside /api/v1): scripting faults and resetting from a shell.
ADMIN_ROUTES = (
    Route("GET", r"/", "admin_index"),
    Route("GET", r"/faults", "admin_list_faults"),
    Route("POST", r"/faults", "admin_add_fault"),
    Route("DELETE", r"/faults", "admin_clear_faults"),
    Route("POST", r"/reset", "admin_reset"),
    Route("GET", r"/stats", "admin_stats"),
)


def match(routes: tuple[Route, ...], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for ``method`` ``path`` and its path parameters (percent-decoded, as ASP.NET
    hands route values to the action: ``/products/KR%2D01?lookupBy=sku`` is SKU ``KR-01``), or
    None."""
    path = path.rstrip("/") or "/"
    for route in routes:
        if route.method == method:
            found = route.regex.fullmatch(path)
            if found is not None:
                return route, {name: unquote(value) for name, value in found.groupdict().items()}
    return None


def allowed_methods(routes: tuple[Route, ...], path: str) -> list[str]:
    """Every method Billbee serves on ``path``, implemented here or not (empty: unknown path)."""
    path = path.rstrip("/") or "/"
    methods: list[str] = []
    for route in routes:
        if route.regex.fullmatch(path):
            methods += [route.method, *UNIMPLEMENTED_METHODS.get(route.path, ())]
    return sorted(set(methods))
