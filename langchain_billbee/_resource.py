"""``BillbeeResource``: what every resource's wrapper methods share (the page fetch).

Each resource module (``langchain_billbee/tools/<resource>.py``) declares its wrapper methods on
a subclass of :class:`BillbeeResource`; ``BillbeeAPIWrapper`` combines them. The query or body
of a method comes from its args schema's wire names (:func:`~langchain_billbee.tools._args.wire`),
so the snake_case → Billbee mapping is written once, on the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from langchain_billbee._paging import check_page_args
from langchain_billbee._throttle import Gate, ResponseCache
from langchain_billbee._transport import BillbeeTransport
from langchain_billbee._wire import encode_params, parse_record, unwrap_data
from langchain_billbee.models import Page

__all__ = ["BillbeeResource"]

M = TypeVar("M", bound=BaseModel)


class BillbeeResource(BillbeeTransport):
    """Base of the per-resource wrapper mixins; adds no settings of its own."""

    def _get_page(
        self,
        path: str,
        model: type[M],
        query: Mapping[str, object],
        *,
        cache: ResponseCache | None = None,
    ) -> Page[M]:
        """One page of ``GET path``; ``query`` holds the filters and ``page``/``pageSize``."""
        # Typed by the wrapper method's own signature; checked here like any caller's value.
        page, page_size = cast(int, query["page"]), cast(int, query["pageSize"])
        check_page_args(page, page_size)
        # Paging last, after the filters, as Billbee's SDKs send it.
        filters = {k: v for k, v in query.items() if k not in ("page", "pageSize")}
        query = {**filters, "page": page, "pageSize": page_size}

        def request(gate: Gate | None = None) -> Any:
            return self._request("GET", path, params=query, gate=gate)

        if cache is None:
            payload = request()
        else:
            key = ("GET", path, tuple(encode_params(query)))
            slot = (path, page, query.get("minInvoiceDate"))
            payload = cache.fetch(key, slot, request, self.clock, self.sleep)
        data = unwrap_data(payload) or []
        items = [parse_record(model, item, "GET", path) for item in data]
        paging = payload.get("Paging") if isinstance(payload, Mapping) else None
        return Page.from_wire(items, paging, page=page, page_size=page_size)
