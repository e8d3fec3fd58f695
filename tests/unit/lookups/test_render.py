"""What the model reads from a summary and from search hits, and the summary's progress events."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import ToolMessage

from langchain_billbee.models import OrderSearchResult, Product, ProductSearchResult
from langchain_billbee.summary import OrderSummary, SummaryGroup, SummaryProgress
from langchain_billbee.tools._format_search import render_order_search, render_product_search
from langchain_billbee.tools.products import render_product_lookup
from langchain_billbee.tools.summaries import (
    PROGRESS_EVENT,
    BillbeeSummarizeOrdersTool,
    render_summary,
    report_progress,
)
from tests.unit.core.fakes import ScriptedAdapter, make_api
from tests.unit.lookups.test_summary import make_orders, serve


def summary(groups: list[SummaryGroup], **overrides: Any) -> OrderSummary:
    totals: dict[str, Decimal] = {}
    for g in groups:
        for currency, amount in g.totals.items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    read = sum(g.count for g in groups)
    fields: dict[str, Any] = {
        "group_by": ("state", "shop"), "groups": groups, "totals": totals, "orders_read": read,
        "matching": read, "max_orders": 5000, "truncated": False, "requests": 1, "filters": {},
    }  # fmt: skip
    return OrderSummary(**{**fields, **overrides})


def group(key: tuple[str, ...], count: int, **totals: str) -> SummaryGroup:
    return SummaryGroup(key=key, count=count, totals={c: Decimal(v) for c, v in totals.items()})


def test_two_keys_with_few_columns_are_a_pivot_table() -> None:
    content, artifact = render_summary(
        summary(
            [
                group(("1", "Webshop"), 18, EUR="1318.0"),
                group(("1", "Amazon DE"), 7, EUR="974.5"),
                group(("3", "Webshop"), 2, EUR="20"),
            ],
            filters={"order_state_ids": [1, 3], "min_order_date": "2026-10-21"},
        )
    )
    lines = content.splitlines()
    assert lines[0].startswith("order summary by state and shop: 27 orders (all matching orders")
    assert "exact, counted by code" in lines[0]
    assert lines[1] == "filters: order_state_ids=[1, 3], min_order_date=2026-10-21"
    assert "columns: state | Webshop | Amazon DE | all" in content
    assert "1 ordered | 18, 1,318.00 | 7, 974.50 | 25, 2,292.50" in content
    assert "3 paid | 2, 20.00 | - | 2, 20.00" in content
    assert lines[-1] == "total: 27 orders, 2,312.50 EUR"
    assert artifact["Data"]["orders_read"] == 27
    assert artifact["Data"]["groups"][0] == {
        "key": ["1", "Webshop"],
        "count": 18,
        "totals": {"EUR": "1318.0"},
    }


def test_mixed_currencies_are_never_added_together() -> None:
    content, _ = render_summary(
        summary([group(("Webshop",), 3, EUR="30", CHF="12.5")], group_by=("shop",))
    )
    assert "Webshop | 3 | 12.50 CHF + 30.00 EUR" in content
    assert "total: 3 orders, 12.50 CHF + 30.00 EUR" in content


def test_a_cut_summary_says_how_many_orders_were_not_read() -> None:
    content, _ = render_summary(
        summary([group(("4",), 300, EUR="1")], group_by=("state",), matching=1000,
                truncated=True, max_orders=300)
    )  # fmt: skip
    assert "stopped at max_orders=300: 300 of 1,000 matching orders read, 700 NOT read" in content


def test_an_empty_summary_says_nothing_matched() -> None:
    content, _ = render_summary(summary([], group_by=("state",)))
    assert content.splitlines()[-1] == "no orders match these filters"


def test_order_hits_start_with_the_billbee_order_id_and_say_when_more_exist() -> None:
    hits = [
        OrderSearchResult(
            id=300000000000000 + n,
            external_reference=f"WS-{n}",
            buyer_name="Anna Weber",
            customer_name="Anna Weber",
            invoice_number=f"RE-{n}",
            article_texts="Espresso",
        )
        for n in range(12)
    ]
    content, artifact = render_order_search("Weber", hits, limit=10)
    lines = content.splitlines()
    assert lines[0].startswith("12 orders match 'Weber', more hits than shown: the first 10")
    assert lines[1].startswith("columns: BillBeeOrderId | order no.")
    assert lines[2] == "300000000000000 | WS-0 | RE-0 | Anna Weber | Espresso"
    assert len([line for line in lines if line.startswith("3000")]) == 10
    assert len(artifact["Data"]) == 12  # every hit stays in the artifact
    assert artifact["Data"][0]["ExternalReference"] == "WS-0"


def test_no_order_hits_suggests_what_to_search_for() -> None:
    content, _ = render_order_search("zzz", [], limit=10)
    assert content.startswith("no orders match 'zzz'; try part of the order number")


def test_product_hits_and_lookups() -> None:
    hit = ProductSearchResult(id=7, short_text="Handmühle", sku="KR-90", tags="grinder")
    content, _ = render_product_search("grinder", [hit], limit=50)
    assert (
        "1 product(s) match 'grinder'" in content and "7 | KR-90 | Handmühle | grinder" in content
    )
    product = Product.model_validate({"Id": 7, "SKU": "KR-90", "StockCurrent": 4, "Price": 39})
    content, artifact = render_product_lookup(product, "SKU", "KR-90")
    assert content.splitlines()[0] == "product with SKU 'KR-90'"
    assert "7 | KR-90 |" in content and artifact["Data"][0]["SKU"] == "KR-90"


class Events(BaseCallbackHandler):
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def on_custom_event(self, name: str, data: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self.events.append((name, data))


def _tool(orders: int) -> BillbeeSummarizeOrdersTool:
    api = make_api(ScriptedAdapter(default=serve(make_orders(orders))))
    return BillbeeSummarizeOrdersTool(api_wrapper=api)


def test_the_tool_reports_progress_to_the_callbacks_of_its_run() -> None:
    listener = Events()
    call = {"type": "tool_call", "id": "c1", "name": "billbee_summarize_orders",
            "args": {"group_by": ["state"]}}  # fmt: skip
    message = _tool(600).invoke(call, config={"callbacks": [listener]})
    assert isinstance(message, ToolMessage) and message.status == "success"
    assert [name for name, _ in listener.events] == [PROGRESS_EVENT] * 3
    assert [data["orders_read"] for _, data in listener.events] == [250, 500, 600]


async def test_async_runs_stream_progress_as_custom_events() -> None:
    events = [
        event
        async for event in _tool(300).astream_events({"group_by": ["shop"]}, version="v2")
        if event["event"] == "on_custom_event"
    ]
    assert [(e["name"], e["data"]["pages_read"]) for e in events] == [
        (PROGRESS_EVENT, 1),
        (PROGRESS_EVENT, 2),
    ]


def test_progress_outside_any_run_is_silently_dropped() -> None:
    report_progress(SummaryProgress(1, 1, 1, 1, 1))  # no run, no listener: no error


def test_inside_a_langgraph_agent_progress_reaches_stream_mode_custom() -> None:
    from langchain.agents import create_agent
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    class Fake(GenericFakeChatModel):
        def bind_tools(self, tools: Any, **_: Any) -> Any:
            return self

    call = {"name": "billbee_summarize_orders", "args": {"group_by": ["state"]}, "id": "c1"}
    model = Fake(messages=iter([AIMessage("", tool_calls=[call]), AIMessage("done")]))
    agent = create_agent(model, tools=[_tool(500)])
    chunks = list(agent.stream({"messages": [("user", "count")]}, stream_mode="custom"))
    assert [(c["event"], c["orders_read"]) for c in chunks] == [
        (PROGRESS_EVENT, 250),
        (PROGRESS_EVENT, 500),
    ]
