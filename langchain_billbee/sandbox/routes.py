"""The sandbox's route table: pure data, matched case-insensitively like ASP.NET routing.

Paths are below ``/api/v1``; ``handler`` names a function in :mod:`.handlers`. ``paged`` routes
answer an ApiPagedResult, ``write`` routes change state (faults with ``when="after"`` apply the
write first), ``throttle`` names a per-call throttle in :mod:`.throttle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

__all__ = ["ADMIN_ROUTES", "ROUTES", "UNIMPLEMENTED_METHODS", "Route", "allowed_methods", "match"]


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


# Billbee has more endpoints below /products/; they must not be read as a product id.
_OTHER_PRODUCT_PATHS = (
    "stocks|reservedamount|custom-fields|category|patchablefields|updatestock\\w*|images"
)
_PRODUCT_ID = rf"(?P<id>(?!(?:{_OTHER_PRODUCT_PATHS})$)[^/]+)"

ROUTES = (
    Route("GET", r"/orders", "get_orders", paged=True),
    Route("GET", r"/orders/invoices", "get_invoices", paged=True, throttle="invoices"),
    Route("GET", r"/orders/(?P<id>\d+)", "get_order", throttle="order"),
    Route("PUT", r"/orders/(?P<id>\d+)/orderstate", "update_order_state", write=True),
    Route("GET", r"/customers", "get_customers", paged=True),
    Route("GET", r"/customers/(?P<id>\d+)", "get_customer"),
    Route("GET", r"/customers/(?P<id>\d+)/orders", "get_customer_orders", paged=True),
    Route("POST", r"/search", "search"),
    Route("GET", r"/products", "get_products", paged=True),
    Route("GET", r"/products/" + _PRODUCT_ID, "get_product"),
    Route("POST", r"/products/updatestock", "update_stock", write=True),
    Route("GET", r"/enums/orderstates", "get_order_states"),
)

# Methods Billbee's spec also serves on these paths, which the sandbox does not implement (they
# answer 404 "not implemented"); any other method on these paths is a 405, as ASP.NET answers.
UNIMPLEMENTED_METHODS: dict[str, tuple[str, ...]] = {
    r"/orders": ("POST",),
    r"/orders/(?P<id>\d+)": ("PATCH",),
    r"/customers": ("POST",),
    r"/customers/(?P<id>\d+)": ("PUT",),
    r"/products": ("POST",),
    r"/products/" + _PRODUCT_ID: ("DELETE", "PATCH"),
}

# Below /_sandbox (outside /api/v1): scripting faults and resetting from a shell.
ADMIN_ROUTES = (
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
