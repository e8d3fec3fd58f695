"""Customer tool: page through customers, or find them by name, e-mail or number."""

from __future__ import annotations

from typing import Annotated, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field, StringConstraints, model_validator
from typing_extensions import Self

from langchain_billbee.tools._args import PageNumber, PageSize, ToolArgs
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import (
    Rendered,
    render_customer_page,
    render_customer_search,
)

SearchTerm = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


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
    )

    @model_validator(mode="after")
    def _search_has_one_page(self) -> Self:
        if self.search is not None and self.page > 1:
            raise ValueError(
                f"search results are not paged, so there is no page {self.page}: drop page "
                "(every match comes back at once), or drop search to page through all customers"
            )
        return self


class BillbeeListCustomersTool(BillbeeBaseTool[ListCustomersInput]):
    """List customers page by page, or search them.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds all eight tools at once).

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
        "Find Billbee customers. With search, returns the customers matching a name, e-mail "
        "or customer number (id, customer number, name, addresses). Without it, lists all "
        "customers page by page (id, customer number, name, e-mail) with the paging position. "
        "Pass a customer's id as customer_id to billbee_list_orders to see their orders."
    )
    args_schema: ArgsSchema | None = ListCustomersInput
    access: ClassVar[Access] = "read"

    def _call(self, args: ListCustomersInput) -> Rendered:
        if args.search is not None:
            return render_customer_search(
                args.search, self.api_wrapper.search_customers(args.search)
            )
        return render_customer_page(
            self.api_wrapper.list_customers(page=args.page, page_size=args.page_size)
        )
