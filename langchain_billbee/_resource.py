"""``BillbeeResource``: what every resource's wrapper methods share (the page fetch).

Each resource module (``langchain_billbee/tools/<resource>.py``) declares its wrapper methods on
a subclass of :class:`BillbeeResource`; ``BillbeeAPIWrapper`` combines them. The query or body
of a method comes from its args schema's wire names (:func:`~langchain_billbee.tools._args.wire`),
so the snake_case → Billbee mapping is written once, on the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

from pydantic import BaseModel, PrivateAttr

from langchain_billbee._caches import Gate
from langchain_billbee._paging import check_page_args
from langchain_billbee._recent_reads import RecentOrders
from langchain_billbee._transport import BillbeeTransport
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee.models import Page

__all__ = ["MAX_TERM_LENGTH", "BillbeeResource", "Via", "clean_term", "path_segment"]

M = TypeVar("M", bound=BaseModel)
Via = Callable[[Mapping[str, object], Callable[[Gate], Any]], Any]
"""How a page request is sent: given the query and the request itself, returns the payload."""

MAX_TERM_LENGTH = 200
"""Longest search term, order number or SKU sent: longer text names no order or product."""


def clean_term(value: str, name: str) -> str:
    """A search term or key without outer whitespace; empty or overlong is a ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise ValueError(f"{name} must not be empty")
    if len(text) > MAX_TERM_LENGTH:
        raise ValueError(f"{name} must be at most {MAX_TERM_LENGTH} characters")
    return text


def path_segment(value: str) -> str:
    """``value`` as one URL path segment: order numbers and SKUs may hold "/", "#" or spaces."""
    return quote(value, safe="")


class BillbeeResource(BillbeeTransport):
    """Base of the per-resource wrapper mixins; holds the settings of writes."""

    dry_run: bool = False
    """Writes read the record and report what they would change, but are never sent."""
    audit_log: Path | None = None
    """A JSON-lines file that gets one record per write attempt (``None``: logger only)."""

    _recent_orders: RecentOrders = PrivateAttr(default_factory=RecentOrders)

    def _get_page(
        self,
        path: str,
        model: type[M],
        query: Mapping[str, object],
        *,
        via: Via | None = None,
    ) -> Page[M]:
        """One page of ``GET path``; ``query`` holds the filters and ``page``/``pageSize``;
        ``via`` routes the request (e.g. through a cache)."""
        # Typed by the wrapper method's own signature; checked here like any caller's value.
        page, page_size = cast(int, query["page"]), cast(int, query["pageSize"])
        check_page_args(page, page_size)
        # Paging last, after the filters, as Billbee's SDKs send it.
        filters = {k: v for k, v in query.items() if k not in ("page", "pageSize")}
        query = {**filters, "page": page, "pageSize": page_size}

        def request(gate: Gate | None = None) -> Any:
            return self._request("GET", path, params=query, gate=gate)

        payload = request() if via is None else via(query, request)
        data = unwrap_data(payload) or []
        items = [parse_record(model, item, "GET", path) for item in data]
        paging = payload.get("Paging") if isinstance(payload, Mapping) else None
        return Page.from_wire(items, paging, page=page, page_size=page_size)

    def _search(self, kind: str, key: str, query: Mapping[str, object], model: type[M]) -> list[M]:
        """The ``key`` hits (``"Orders"``, ``"Products"``) of ``POST /search`` for one kind;
        ``query`` is the schema's wire form of the term (``{"Term": ...}``)."""
        body = {"Type": [kind], **query}
        data = unwrap_data(self._request("POST", "/search", body=body)) or {}
        hits = data.get(key) if isinstance(data, Mapping) else None
        return [parse_record(model, hit, "POST", "/search") for hit in hits or []]
