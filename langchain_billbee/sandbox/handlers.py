"""Thin handlers: bind the request, call the backend, wrap the answer in Billbee's envelope.

One function per route in :data:`.routes.ROUTES`, each taking a :class:`Call` and returning a
:class:`Reply`. Backend errors become Billbee's answers in :func:`run`: unknown record → 404 with
an empty body; invalid input → HTTP 200 envelope with ``ErrorMessage`` and ErrorCode 11
(InvalidData); unbindable input → 400 ``{"Message": ...}`` as ASP.NET answers.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import wire
from .binding import Body, Query, UnsupportedMediaType, parse_body, parse_body_list, to_int
from .records import InvalidData, NotFound, Page
from .state import BillbeeBackend

if TYPE_CHECKING:
    from .routes import Route

logger = logging.getLogger("langchain_billbee.sandbox")

__all__ = ["JSON", "Call", "Reply", "json_reply", "run", "throttle_key"]

JSON = "application/json; charset=utf-8"


@dataclass
class Reply:
    """An HTTP answer: status, body bytes and extra headers."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    """One request as the handlers see it."""

    backend: BillbeeBackend
    route: Route
    params: dict[str, str]
    query: Query
    raw_body: bytes = b""
    content_type: str = ""
    form: Iterable[tuple[str, str]] | None = None  # a form body's fields, as werkzeug parsed them

    def body(self) -> Body:
        return parse_body(self.raw_body, self.content_type, self.form)

    def bodies(self) -> list[Body]:
        return parse_body_list(self.raw_body, self.content_type)

    def id(self) -> int:
        """The path's int64 ``{id}``; not one (``abc``, ``²``, 5,000 digits) is a 400."""
        return to_int(self.params["id"], "id", 64)


def json_reply(value: Any, status: int = 200) -> Reply:
    """``value`` serialized in Billbee's wire format."""
    return Reply(status, wire.dumps(value), {"Content-Type": JSON})


def _page(page: Page) -> Reply:
    return json_reply(wire.envelope(page.items, paging=page.paging))


def _one(data: Any) -> Reply:
    return json_reply(wire.envelope(data))


def get_orders(call: Call) -> Reply:
    """GET /orders — every documented parameter is honoured."""
    q = call.query
    page, size = q.paging()
    return _page(call.backend.get_orders(
        min_order_date=q.date("minOrderDate"), max_order_date=q.date("maxOrderDate"),
        page=page, page_size=size, shop_ids=q.integers("shopId", bits=64),
        order_state_ids=q.integers("orderStateId"), tags=q.strs("tag"),
        exclude_tags=q.flag("excludeTags"),
        minimum_billbee_order_id=q.integer("minimumBillBeeOrderId", bits=64),
        modified_at_min=q.date("modifiedAtMin"), modified_at_max=q.date("modifiedAtMax"),
        article_title_source=q.integer("articleTitleSource", 0) or 0,
    ))  # fmt: skip


def get_order(call: Call) -> Reply:
    """GET /orders/{id} (``articleTitleSource`` honoured)."""
    source = call.query.integer("articleTitleSource", 0) or 0
    return _one(call.backend.get_order(call.id(), article_title_source=source))


def get_order_by_extref(call: Call) -> Reply:
    """GET /orders/findbyextref/{extRef}: the order with this shop order number.

    An unknown number is a 404 with an empty body. Billbee documents no answer for it; the API
    notes record 404 with an empty body for an unknown order id (I83), and the sandbox answers
    every unknown record that way, so a client needs one rule for "no such order"."""
    return _one(call.backend.get_order_by_extref(call.params["extRef"]))


def update_order_state(call: Call) -> Reply:
    """PUT /orders/{id}/orderstate {"NewStateId"}: empty 200 on success (the spec declares no
    body and Billbee's PHP SDK expects none)."""
    new_state = call.body().integer("NewStateId", bits=32)
    call.backend.update_order_state(call.id(), 0 if new_state is None else new_state)
    return Reply(200)


def get_invoices(call: Call) -> Reply:
    """GET /orders/invoices — every documented parameter is honoured."""
    q = call.query
    page, size = q.paging()
    return _page(call.backend.get_invoices(
        min_invoice_date=q.date("minInvoiceDate"), max_invoice_date=q.date("maxInvoiceDate"),
        page=page, page_size=size, shop_ids=q.integers("shopId", bits=64),
        order_state_ids=q.integers("orderStateId"), tags=q.strs("tag"),
        min_pay_date=q.date("minPayDate"), max_pay_date=q.date("maxPayDate"),
        include_positions=q.flag("includePositions"), exclude_tags=q.flag("excludeTags"),
    ))  # fmt: skip


def get_order_states(call: Call) -> Reply:
    """GET /enums/orderstates: a bare array, no envelope."""
    return json_reply(call.backend.get_order_states())


def get_customers(call: Call) -> Reply:
    """GET /customers (page, pageSize)."""
    page, size = call.query.paging()
    return _page(call.backend.get_customers(page=page, page_size=size))


def get_customer(call: Call) -> Reply:
    """GET /customers/{id}."""
    return _one(call.backend.get_customer(call.id()))


def get_customer_orders(call: Call) -> Reply:
    """GET /customers/{id}/orders (page, pageSize)."""
    page, size = call.query.paging()
    return _page(call.backend.get_customer_orders(call.id(), page=page, page_size=size))


def search(call: Call) -> Reply:
    """POST /search {"Type": [...], "Term": ...}: ``Type`` is a string array (a form body
    repeats the field: ``Type=order&Type=customer`` searches both); absent or empty searches
    every kind. ``SearchMode`` is ignored."""
    body = call.body()
    kinds = body.strings("Type") or ["product", "order", "customer"]
    return _one(call.backend.search(kinds, body.text("Term") or ""))


def get_products(call: Call) -> Reply:
    """GET /products — every documented parameter is honoured."""
    q = call.query
    page, size = q.paging()
    return _page(call.backend.get_products(
        page=page, page_size=size, min_created_at=q.date("minCreatedAt"),
        minimum_billbee_article_id=q.integer("minimumBillBeeArticleId", bits=64),
        maximum_billbee_article_id=q.integer("maximumBillBeeArticleId", bits=64),
    ))  # fmt: skip


def get_product(call: Call) -> Reply:
    """GET /products/{id}?lookupBy=id|sku|ean."""
    lookup = call.query.text("lookupBy") or "id"
    return _one(call.backend.get_product(call.params["id"], lookup))


def _stock_update(body: Body) -> dict[str, Any]:
    """UpdateStockApiModel's fields as the backend takes them (``OldQuantity``,
    ``DeltaQuantity`` and ``ForceSendStockToShops`` are ignored, as Billbee says it does)."""
    return {
        "sku": body.text("Sku"), "new_quantity": body.decimal("NewQuantity"),
        "billbee_id": body.integer("BillbeeId"), "stock_id": body.integer("StockId"),
        "reason": body.text("Reason"),
        "autosubtract_reserved_amount": body.flag("AutosubtractReservedAmount"),
    }  # fmt: skip


def update_stock(call: Call) -> Reply:
    """POST /products/updatestock."""
    return _one(call.backend.update_stock(**_stock_update(call.body())))


def update_stock_multiple(call: Call) -> Reply:
    """POST /products/updatestockmultiple: a JSON array of UpdateStockApiModel in, a bare array
    of ApiResult<UpdateStockResponseData> out, one per item in order (API-NOTES §2.8).

    Every item is bound first, so an unbindable one (400) writes nothing; then each is applied
    on its own: an item Billbee refuses (unknown SKU, no SKU, a quantity outside the decimal
    range) gets its ErrorCode 11 result and the others still land."""
    updates: list[dict[str, Any] | InvalidData] = []
    for body in call.bodies():
        try:
            updates.append(_stock_update(body))
        except InvalidData as exc:
            updates.append(exc)
    return json_reply([_apply_stock_update(call.backend, update) for update in updates])


def _apply_stock_update(backend: BillbeeBackend, update: dict[str, Any] | InvalidData) -> Any:
    try:
        if isinstance(update, InvalidData):
            raise update
        return wire.envelope(backend.update_stock(**update))
    except InvalidData as exc:
        return wire.envelope(None, error_message=str(exc), error_code=11)


def run(call: Call) -> Reply:
    """Run the route's handler and turn backend errors into Billbee's answers."""
    try:
        return call.route.handler(call)
    except NotFound:
        return Reply(404)
    except InvalidData as exc:
        return json_reply(wire.envelope(None, paged=call.route.paged, error_message=str(exc),
                                        error_code=11))  # fmt: skip
    except wire.QueryError as exc:
        return json_reply({"Message": "The request is invalid.", "MessageDetail": str(exc)}, 400)
    except UnsupportedMediaType as exc:
        return json_reply({"Message": str(exc)}, 415)
    except Exception:
        # A sandbox bug answers as ASP.NET does (and is logged) instead of dropping the
        # connection, which a client would take for a network fault and retry.
        logger.exception("sandbox handler %s failed", call.route.name)
        return json_reply({"Message": "An error has occurred."}, 500)


def throttle_key(call: Call) -> Hashable:
    """What a per-call throttle counts by: the order id, or (page, minInvoiceDate)."""
    if call.route.throttle == "order":
        return call.params["id"]
    try:
        return (call.query.integer("page", 1), call.query.date("minInvoiceDate"))
    except wire.QueryError:
        return (call.query.text("page"), call.query.text("minInvoiceDate"))
