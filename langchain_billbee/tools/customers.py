"""Customers: page through them, or find them by name, e-mail or number.

Args schema, the wrapper's customer methods (``CustomersAPI``), the renderers and the tool.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, model_validator
from typing_extensions import Self

from langchain_billbee._resource import BillbeeResource
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee.models import Customer, CustomerSearchResult, Page
from langchain_billbee.tools._args import PageNumber, PageSize, SearchTerm, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import (
    Rendered,
    lines,
    list_artifact,
    render_page,
    shown,
    text,
    unasked_note,
)


class ListCustomersInput(ToolArgs):
    """Paging, or a search term that replaces paging."""

    page: PageNumber = 1
    page_size: PageSize = 50
    search: SearchTerm | None = Field(
        default=None,
        description=(
            "Find customers by name, e-mail or customer number instead of paging through "
            "all of them; page and page_size do not apply to a search."
        ),
        serialization_alias="Term",  # of the POST /search body
    )

    @model_validator(mode="after")
    def _search_has_one_page(self) -> Self:
        if self.search is not None and self.page > 1:
            raise ValueError(
                f"search results are not paged, so there is no page {self.page}: drop page "
                "(every match comes back at once), or drop search to page through all customers"
            )
        return self


class CustomersAPI(BillbeeResource):
    """The wrapper's customer reads (part of ``BillbeeAPIWrapper``)."""

    def list_customers(self, *, page: int = 1, page_size: int = 50) -> Page[Customer]:
        """One page of customers (``GET /customers``)."""
        return self._get_page("/customers", Customer, wire(ListCustomersInput, locals()))

    def search_customers(self, term: str) -> list[CustomerSearchResult]:
        """Customers matching a name, e-mail or number (``POST /search``, Type ``customer``)."""
        body = {"Type": ["customer"], **wire(ListCustomersInput, {"search": term})}
        data = unwrap_data(self._request("POST", "/search", body=body)) or {}
        hits = data.get("Customers") if isinstance(data, Mapping) else None
        return [parse_record(CustomerSearchResult, hit, "POST", "/search") for hit in hits or []]


CUSTOMER_COLUMNS = "id | customer no. | name | e-mail"


def customer_line(customer: Customer) -> str:
    return " | ".join(
        (str(customer.id), text(customer.number), text(customer.name, 40), text(customer.email))
    )


def render_customer_page(page: Page[Customer]) -> Rendered:
    return render_page("customers", CUSTOMER_COLUMNS, page, customer_line)


def render_customer_search(term: str, hits: Sequence[CustomerSearchResult]) -> Rendered:
    if not hits:
        hint = "try part of the name, the e-mail address or the customer number"
        return f"no customers match '{text(term)}'; {hint}", list_artifact(hits)
    listed = shown(hits, paged=False)  # search is not paged: page_size does not bound it
    header = (
        f"{len(hits)} customer(s) match '{text(term)}' (search results are not paged)"
        f"{unasked_note('customers', len(hits), len(listed), paged=False)}\n"
        "columns: id | customer no. | name | addresses"
    )
    rows = [
        f"{h.id} | {text(h.number)} | {text(h.name, 40)} | {text(h.addresses, 80)}" for h in listed
    ]
    return lines(header, rows), list_artifact(hits)


class BillbeeListCustomersTool(BillbeeBaseTool[ListCustomersInput]):
    """List customers page by page, or search them.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeListCustomersTool

            tool = BillbeeListCustomersTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"search": "Meyer"})
            # 2 customer(s) match 'Meyer' (search results are not paged)
            # columns: id | customer no. | name | addresses
            # 300000147895920 | 20054 | Büro Meyer GmbH | Lindenallee 100, 70173 Stuttgart

        Called with a ``ToolCall`` (as agents do), the result is a ``ToolMessage`` whose
        ``artifact`` holds the full records in Billbee's JSON field names.
    """

    name: str = "billbee_list_customers"
    description: str = (
        "Find customers: with search, those matching a name, e-mail or customer number (id, "
        "customer number, name, addresses); without, all of them page by page (id, customer "
        "number, name, e-mail). A customer's id as customer_id to billbee_list_orders lists "
        "their orders."
    )
    args_schema: ArgsSchema | None = ListCustomersInput
    access: ClassVar[Access] = "read"
    example_args: ClassVar[Mapping[str, Any]] = {"search": "Wolf"}

    def _call(self, args: ListCustomersInput) -> Rendered:
        if args.search is not None:
            return render_customer_search(
                args.search, self.api_wrapper.search_customers(args.search)
            )
        return render_customer_page(
            self.api_wrapper.list_customers(**args.kwargs(exclude={"search"}))
        )
