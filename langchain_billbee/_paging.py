"""The one place that walks Billbee's paged lists."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

__all__ = [
    "DEFAULT_MAX_PAGES", "MAX_PAGE_SIZE", "Page", "check_page_args", "fetch_all", "iter_pages",
]  # fmt: skip

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a Billbee list plus its position (``Paging``), in Python names."""

    items: list[T]
    page: int
    total_pages: int
    total_rows: int
    page_size: int

    @property
    def first_index(self) -> int:
        """1-based index of the first item overall (0 for an empty page): 6 in "6–10 of 23"."""
        if not self.items:
            return 0
        return (self.page - 1) * self.page_size + 1

    @property
    def last_index(self) -> int:
        """1-based index of the last item overall (0 for an empty page): 10 in "6–10 of 23"."""
        if not self.items:
            return 0
        return self.first_index + len(self.items) - 1

    @property
    def has_more(self) -> bool:
        """Whether a later page exists."""
        return self.page < self.total_pages

    @classmethod
    def from_wire(cls, items: list[T], paging: Any, *, page: int, page_size: int) -> Page[T]:
        """Build from Billbee's ``Paging`` object; without one, this page is taken as the last.

        The spec requires no envelope property and Billbee's SDK fixtures omit ``Paging``.
        Counting the pages before this one keeps "11–12 of 12 (page 2 of 2)" consistent, where
        "of 2 (page 2 of 1)" would contradict itself.
        """
        if not isinstance(paging, dict):
            before = (page - 1) * page_size if items else 0
            return cls(
                items=items,
                page=page,
                total_pages=page if items else 1,
                total_rows=before + len(items),
                page_size=page_size,
            )
        return cls(
            items=items,
            page=int(paging.get("Page") or page),
            total_pages=int(paging.get("TotalPages") or 0),
            total_rows=int(paging.get("TotalRows") or 0),
            page_size=int(paging.get("PageSize") or page_size),
        )


MAX_PAGE_SIZE = 250
"""Billbee's documented maximum ``pageSize``."""

DEFAULT_MAX_PAGES = 40
"""Cap on pages per walk: 10,000 rows at 250 a page, about 20 s at Billbee's 2 requests/s.
An agent that needs more should narrow its filters instead of downloading the account."""

logger = logging.getLogger("langchain_billbee")


def check_page_args(page: int, page_size: int) -> None:
    """Reject a page number or size Billbee would refuse, before any request is sent."""
    if page < 1:
        raise ValueError(f"page must be 1 or greater, got {page}")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")


def iter_pages(
    fetch: Callable[..., Page[T]],
    *,
    page_size: int = MAX_PAGE_SIZE,
    max_pages: int = DEFAULT_MAX_PAGES,
    start_page: int = 1,
    **filters: Any,
) -> Iterator[Page[T]]:
    """Yield pages from ``fetch(page=..., page_size=..., **filters)`` until the last one.

    Stops at Billbee's ``TotalPages``, at an empty page (in case ``Paging`` is missing or
    wrong) or after ``max_pages`` pages, whichever comes first; hitting the cap is logged.
    """
    check_page_args(start_page, page_size)
    if max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, got {max_pages}")
    page_no = start_page
    for fetched in range(1, max_pages + 1):
        page = fetch(page=page_no, page_size=page_size, **filters)
        yield page
        if not page.items or page.page >= page.total_pages:
            return
        if fetched == max_pages:
            logger.warning(
                "Stopped after %d pages (cap); %d of %d pages remain unread",
                max_pages,
                page.total_pages - page.page,
                page.total_pages,
            )
            return
        page_no = page.page + 1


def fetch_all(
    fetch: Callable[..., Page[T]],
    *,
    page_size: int = MAX_PAGE_SIZE,
    max_pages: int = DEFAULT_MAX_PAGES,
    **filters: Any,
) -> list[T]:
    """All items of every page :func:`iter_pages` yields, in order."""
    items: list[T] = []
    for page in iter_pages(fetch, page_size=page_size, max_pages=max_pages, **filters):
        items.extend(page.items)
    return items
