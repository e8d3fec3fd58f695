"""Small shared types of the sandbox's state layer: pages and the errors it reports."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["BackendError", "InvalidData", "NotFound", "Page", "Record", "paginate"]

Record = dict[str, Any]


class BackendError(Exception):
    """Base of the errors the backend reports to the HTTP layer."""


class NotFound(BackendError):
    """The addressed record does not exist (Billbee: 404 with an empty body)."""


class InvalidData(BackendError):
    """Billbee would refuse the input with an ``ErrorMessage`` envelope (ErrorCode 11)."""


@dataclass(frozen=True)
class Page:
    """One page of a list; ``paging`` is Billbee's PagingInformation."""

    items: list[Record]
    page: int
    page_size: int
    total_rows: int

    @property
    def paging(self) -> dict[str, int]:
        total_pages = math.ceil(self.total_rows / self.page_size)
        return {"Page": self.page, "TotalPages": total_pages, "TotalRows": self.total_rows,
                "PageSize": self.page_size}  # fmt: skip


def paginate(records: list[Record], page: int, page_size: int) -> Page:
    """Slice ``records`` (1-based pages); a page past the end is empty."""
    start = (page - 1) * page_size
    return Page(records[start : start + page_size], page, page_size, len(records))
