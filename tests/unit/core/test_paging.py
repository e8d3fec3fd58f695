"""The paging generator: until TotalPages, with a cap, at up to 250 rows a page."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import requests

from langchain_billbee._paging import fetch_all, iter_pages
from langchain_billbee.models import Page
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api, query_of


def paged_orders(total_rows: int) -> Any:
    """A handler serving ``total_rows`` orders in the pages the request asks for."""

    def handle(request: requests.PreparedRequest) -> Reply:
        query = query_of(request)
        page, size = int(query["page"]), int(query["pageSize"])
        first = (page - 1) * size
        rows = [
            {"BillBeeOrderId": n, "State": 3}
            for n in range(first + 1, min(first + size, total_rows) + 1)
        ]
        total_pages = -(-total_rows // size)
        paging = {
            "Page": page,
            "TotalPages": total_pages,
            "TotalRows": total_rows,
            "PageSize": size,
        }
        return Reply(json_body=envelope(rows, paging=paging))

    return handle


def test_thousand_rows_at_page_size_250_take_four_requests() -> None:
    adapter = ScriptedAdapter(default=paged_orders(1000))
    api = make_api(adapter)
    orders = api.fetch_all(api.list_orders, order_state_ids=[3])
    assert len(adapter.requests) == 4
    assert [o.bill_bee_order_id for o in orders] == list(range(1, 1001))
    assert [query_of(r)["page"] for r in adapter.requests] == ["1", "2", "3", "4"]
    assert {query_of(r)["pageSize"] for r in adapter.requests} == {"250"}
    assert {query_of(r)["orderStateId"] for r in adapter.requests} == {"3"}


def test_stops_at_total_pages_even_if_the_page_is_full() -> None:
    adapter = ScriptedAdapter(default=paged_orders(500))
    api = make_api(adapter)
    pages = list(api.iter_pages(api.list_orders, page_size=250))
    assert len(pages) == 2
    assert len(adapter.requests) == 2
    assert pages[-1].has_more is False


def test_cap_stops_early_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    adapter = ScriptedAdapter(default=paged_orders(10_000))
    api = make_api(adapter)
    caplog.set_level(logging.WARNING, logger="langchain_billbee")
    pages = list(api.iter_pages(api.list_orders, page_size=100, max_pages=3))
    assert len(pages) == 3
    assert len(adapter.requests) == 3
    assert "Stopped after 3 pages" in caplog.text


def test_stops_at_an_empty_page_when_paging_lies() -> None:
    calls: list[int] = []

    def fetch(*, page: int, page_size: int) -> Page[int]:
        calls.append(page)
        items = [1, 2] if page == 1 else []
        return Page(items=items, page=page, total_pages=99, total_rows=999, page_size=page_size)

    assert fetch_all(fetch, page_size=2) == [1, 2]
    assert calls == [1, 2]


def test_filters_are_passed_to_every_page() -> None:
    seen: list[dict[str, Any]] = []

    def fetch(**kwargs: Any) -> Page[str]:
        seen.append(kwargs)
        return Page(items=["x"], page=kwargs["page"], total_pages=2, total_rows=2, page_size=1)

    list(iter_pages(fetch, page_size=1, tags=["vip"]))
    assert seen == [
        {"page": 1, "page_size": 1, "tags": ["vip"]},
        {"page": 2, "page_size": 1, "tags": ["vip"]},
    ]


@pytest.mark.parametrize("size", [0, 251])
def test_page_size_out_of_range_is_rejected(size: int) -> None:
    with pytest.raises(ValueError, match="page_size"):
        list(
            iter_pages(
                lambda **_: Page(items=[], page=1, total_pages=0, total_rows=0, page_size=1),
                page_size=size,
            )
        )


def test_wrapper_rejects_bad_paging_without_a_request() -> None:
    adapter = ScriptedAdapter()
    api = make_api(adapter)
    with pytest.raises(ValueError, match="page must be"):
        api.list_orders(page=0)
    with pytest.raises(ValueError, match="page_size"):
        api.list_products(page_size=500)
    assert adapter.requests == []


def test_page_position_helpers() -> None:
    page = Page(items=list(range(5)), page=2, total_pages=5, total_rows=23, page_size=5)
    assert (page.first_index, page.last_index, page.has_more) == (6, 10, True)
    last = Page(items=list(range(3)), page=5, total_pages=5, total_rows=23, page_size=5)
    assert (last.first_index, last.last_index, last.has_more) == (21, 23, False)
    empty = Page[int](items=[], page=1, total_pages=0, total_rows=0, page_size=50)
    assert (empty.first_index, empty.last_index) == (0, 0)
