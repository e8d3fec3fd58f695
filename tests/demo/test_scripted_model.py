"""The demo's scripted planner: which call it makes next, and answers built from the data given.

No sockets: the tool results are hand-made ToolMessages carrying artifacts in Billbee's wire shape.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from langchain_billbee.demo.plans import (
    AWAITING_PAYMENT,
    NOT_SHIPPED_STATES,
    Answer,
    Observation,
    ToolStep,
    next_step,
    parse_request,
)
from langchain_billbee.demo.scripted_model import ScriptedBillbeeModel
from langchain_billbee.demo.tasks import UNSHIPPED_PROMPT

TODAY = date(2026, 11, 20)
ALL_TOOLS = frozenset(
    {
        "billbee_list_orders",
        "billbee_summarize_orders",
        "billbee_get_order",
        "billbee_update_order_state",
    }
)
READ_TOOLS = ALL_TOOLS - {"billbee_update_order_state"}


def order(order_id: int, state: int, shop: str, total: str, customer: str = "Anna Weber") -> dict:
    return {
        "BillBeeOrderId": order_id,
        "OrderNumber": f"WS-{order_id}",
        "State": state,
        "CreatedAt": f"2026-11-{10 + order_id % 10:02d}T10:00:00",
        "TotalCost": total,
        "Currency": "EUR",
        "Seller": {"BillbeeShopName": shop},
        "Customer": {"Id": 77, "Name": customer},
    }


def page(*orders: dict, page_no: int = 1, total_pages: int = 1, rows: int | None = None) -> dict:
    paging = {"Page": page_no, "TotalPages": total_pages, "TotalRows": rows or len(orders)}
    return {"Paging": {**paging, "PageSize": 100}, "Data": list(orders)}


def seen(tool: str, artifact: Any = None, content: str = "ok", ok: bool = True) -> Observation:
    return Observation(tool=tool, args={}, content=content, artifact=artifact, ok=ok)


def step(prompt: str, *observations: Observation, tools: frozenset[str] = ALL_TOOLS) -> Any:
    return next_step(parse_request(prompt), list(observations), today=TODAY, tools=tools)


PAID_PROMPT = "Look up order WS-101 and mark it paid."
PAID_BY_ID_PROMPT = "Look up Billbee order id 101 and mark it paid."
CUSTOMER_PROMPT = 'Find the Billbee customer "Anna Weber" and summarize their recent orders.'


@pytest.mark.parametrize(
    ("prompt", "kind", "order_id", "number", "customer"),
    [
        (UNSHIPPED_PROMPT, "unshipped", None, None, None),
        (PAID_PROMPT, "set_paid", None, "WS-101", None),
        (PAID_BY_ID_PROMPT, "set_paid", 101, None, None),
        (
            "Look up order 15-95563-59200 and mark it paid.",
            "set_paid",
            None,
            "15-95563-59200",
            None,
        ),
        ("Mark order #1001 as paid", "set_paid", None, "1001", None),
        ("Set order 300000180946418 to paid.", "set_paid", 300000180946418, None, None),
        (CUSTOMER_PROMPT, "customer", None, None, "Anna Weber"),
        ("What is the weather?", "unknown", None, None, None),
    ],
)
def test_requests_are_recognized(
    prompt: str, kind: str, order_id: int | None, number: str | None, customer: str | None
) -> None:
    request = parse_request(prompt)
    assert (request.kind, request.order_id, request.order_number, request.customer) == (
        kind,
        order_id,
        number,
        customer,
    )


def summary(*groups: tuple[int, str, int, str], matching: int | None = None) -> dict:
    """A billbee_summarize_orders artifact grouped by state and shop."""
    rows = [
        {"key": [str(state), shop], "count": count, "totals": {"EUR": total}}
        for state, shop, count, total in groups
    ]
    read = sum(g[2] for g in groups)
    grand = str(sum(Decimal(g[3]) for g in groups))
    data = {
        "group_by": ["state", "shop"], "groups": rows, "totals": {"EUR": grand} if rows else {},
        "orders_read": read, "matching": matching or read, "max_orders": 5000,
        "truncated": (matching or read) > read, "requests": 1, "filters": {},
    }  # fmt: skip
    return {"Data": data}


def test_unshipped_counts_with_the_summary_tool_first() -> None:
    assert step(UNSHIPPED_PROMPT) == ToolStep(
        "billbee_summarize_orders",
        {
            "group_by": ["state", "shop"],
            "min_order_date": "2026-10-21",
            "order_state_ids": list(NOT_SHIPPED_STATES),
        },
    )


def test_unshipped_then_lists_the_orders_waiting_for_payment() -> None:
    counted = seen("billbee_summarize_orders", summary((2, "Webshop", 1, "10.00")))
    assert step(UNSHIPPED_PROMPT, counted) == ToolStep(
        "billbee_list_orders",
        {
            "min_order_date": "2026-10-21",
            "order_state_ids": list(AWAITING_PAYMENT),
            "page_size": 10,
        },
    )


def test_unshipped_answer_is_the_summary_table_and_the_unpaid_numbers() -> None:
    counted = summary(
        (2, "Webshop", 1, "10.50"),
        (2, "Amazon DE", 1, "20.00"),
        (1, "Webshop", 1, "5.25"),
        (3, "Webshop", 2, "40.00"),
    )
    unpaid = page(order(1, 2, "Webshop", "10.50"), order(3, 1, "Webshop", "5.25"), rows=3)
    answer = step(
        UNSHIPPED_PROMPT,
        seen("billbee_summarize_orders", counted),
        seen("billbee_list_orders", unpaid),
    )
    assert isinstance(answer, Answer)
    assert "5 orders placed in the last 30 days (since 2026-10-21)" in answer.text
    assert "75.75 EUR in total (counted exactly by billbee_summarize_orders)" in answer.text
    assert "2 Bestaetigt (confirmed): 2 orders, 30.50 EUR" in answer.text
    assert "1 Bestellt (ordered): 1 order, 5.25 EUR" in answer.text
    assert "Webshop: 4 orders, 55.75 EUR" in answer.text
    assert "Amazon DE: 1 order, 20.00 EUR" in answer.text
    assert "Waiting for payment (first 2 of 3):" in answer.text
    assert "order WS-1 (2 Bestaetigt (confirmed), Webshop" in answer.text


def test_unshipped_answer_changes_with_the_data() -> None:
    counted = seen("billbee_summarize_orders", summary((3, "eBay", 1, "9")))
    one = step(UNSHIPPED_PROMPT, counted, seen("billbee_list_orders", page()))
    assert isinstance(one, Answer)
    assert "1 order placed in" in one.text and "eBay: 1 order, 9.00 EUR" in one.text
    assert "Waiting for payment" not in one.text


def test_unshipped_says_when_max_orders_cut_the_count() -> None:
    counted = seen("billbee_summarize_orders", summary((1, "eBay", 4, "9"), matching=9))
    answer = step(UNSHIPPED_PROMPT, counted, seen("billbee_list_orders", page()))
    assert (
        isinstance(answer, Answer) and "(Counted the first 4 of 9 matching orders.)" in answer.text
    )


def test_unshipped_reports_a_failed_call() -> None:
    failed = seen("billbee_summarize_orders", content="Billbee rejected the credentials", ok=False)
    answer = step(UNSHIPPED_PROMPT, failed)
    assert isinstance(answer, Answer) and "Billbee rejected the credentials" in answer.text


def test_set_paid_looks_up_by_number_then_writes_by_id_then_reads_back() -> None:
    looked_up = seen("billbee_get_order", {"Data": order(101, 2, "Webshop", "12")})
    assert step(PAID_PROMPT) == ToolStep("billbee_get_order", {"order_number": "WS-101"})
    assert step(PAID_PROMPT, looked_up) == ToolStep(
        "billbee_update_order_state", {"order_id": 101, "new_state_id": 3}
    )
    written = seen("billbee_update_order_state", {"Data": {"BillBeeOrderId": 101}})
    assert step(PAID_PROMPT, looked_up, written) == ToolStep("billbee_get_order", {"order_id": 101})
    read_back = seen("billbee_get_order", {"Data": order(101, 3, "Webshop", "12")})
    answer = step(PAID_PROMPT, looked_up, written, read_back)
    assert isinstance(answer, Answer)
    assert answer.text.startswith("Done: order 101") and "3 Zahlung_erhalten (paid)" in answer.text


def test_set_paid_by_id_looks_up_by_id() -> None:
    assert step(PAID_BY_ID_PROMPT) == ToolStep("billbee_get_order", {"order_id": 101})


def test_an_unknown_number_is_searched_not_guessed() -> None:
    missing = seen("billbee_get_order", content="no order with the number 'WS-101'", ok=False)
    assert step(PAID_PROMPT, missing) == ToolStep(
        "billbee_list_orders", {"search": "WS-101", "page_size": 5}
    )
    hits = {"Data": [{"Id": 7, "ExternalReference": "WS-1012"}]}
    answer = step(PAID_PROMPT, missing, seen("billbee_list_orders", hits))
    assert isinstance(answer, Answer)
    assert "no order with exactly the number 'WS-101'" in answer.text
    assert "WS-1012 (BillBeeOrderId 7)" in answer.text and "I change nothing" in answer.text
    none = step(PAID_PROMPT, missing, seen("billbee_list_orders", {"Data": []}))
    assert isinstance(none, Answer) and "a search found none either" in none.text


def test_set_paid_after_a_rejection_says_nothing_changed() -> None:
    looked_up = seen("billbee_get_order", {"Data": order(101, 2, "Webshop", "12")})
    rejected = seen(
        "billbee_update_order_state",
        content="User rejected the tool call for `billbee_update_order_state` with reason: "
        "Not yet.",
        ok=False,
    )
    answer = step(PAID_PROMPT, looked_up, rejected)
    assert isinstance(answer, Answer)
    assert 'I did not change order 101: the reviewer rejected the change ("Not yet")' in answer.text
    assert "It stays 2 Bestaetigt (confirmed)." in answer.text


def test_set_paid_without_write_tools_explains_read_only() -> None:
    looked_up = seen("billbee_get_order", {"Data": order(101, 1, "Webshop", "12")})
    answer = step(PAID_PROMPT, looked_up, tools=READ_TOOLS)
    assert isinstance(answer, Answer) and "read-only" in answer.text


def test_set_paid_leaves_a_paid_order_alone() -> None:
    looked_up = seen("billbee_get_order", {"Data": order(101, 3, "Webshop", "12")})
    answer = step(PAID_PROMPT, looked_up)
    assert isinstance(answer, Answer) and "already paid" in answer.text


def test_customer_search_then_their_orders_then_summary() -> None:
    hits = {"Data": [{"Id": 5, "Name": "Anna Webers GmbH"}, {"Id": 77, "Name": "Anna Weber"}]}
    assert step(CUSTOMER_PROMPT) == ToolStep("billbee_list_customers", {"search": "Anna Weber"})
    searched = seen("billbee_list_customers", hits)
    # The exact name wins over the first hit.
    assert step(CUSTOMER_PROMPT, searched) == ToolStep(
        "billbee_list_orders", {"customer_id": 77, "page_size": 50}
    )
    orders = page(order(1, 4, "Webshop", "10"), order(2, 4, "Amazon DE", "30"), rows=2)
    answer = step(CUSTOMER_PROMPT, searched, seen("billbee_list_orders", orders))
    assert isinstance(answer, Answer)
    assert "Anna Weber (Billbee customer id 77) has 2 orders, worth 40.00 EUR" in answer.text
    assert "2 × 4 Versendet (shipped)" in answer.text


def test_customer_not_found() -> None:
    answer = step(CUSTOMER_PROMPT, seen("billbee_list_customers", {"Data": []}))
    assert isinstance(answer, Answer) and "No Billbee customer matches" in answer.text


def test_unknown_requests_point_to_a_real_model() -> None:
    answer = step("Write me a poem")
    assert isinstance(answer, Answer) and "--model" in answer.text


def conversation(*messages: BaseMessage) -> list[BaseMessage]:
    return [HumanMessage(PAID_PROMPT), *messages]


def test_model_calls_a_tool_with_a_fresh_id() -> None:
    model = ScriptedBillbeeModel(today=TODAY).bind_tools([])
    reply = model.invoke(conversation())
    assert isinstance(reply, AIMessage)
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("billbee_get_order", {"order_number": "WS-101"})
    ]
    assert reply.tool_calls[0]["id"]


def test_model_reads_tool_messages_and_knows_its_tools() -> None:
    call = AIMessage("", tool_calls=[{"name": "billbee_get_order", "args": {}, "id": "c1"}])
    result = ToolMessage(
        "order 101 ...",
        tool_call_id="c1",
        name="billbee_get_order",
        artifact={"Data": order(101, 2, "Webshop", "12")},
    )
    read_only = ScriptedBillbeeModel(today=TODAY, bound_tools=READ_TOOLS)
    reply = read_only.invoke(conversation(call, result))
    assert not reply.tool_calls and "read-only" in str(reply.content)
    writer = ScriptedBillbeeModel(today=TODAY, bound_tools=ALL_TOOLS)
    assert writer.invoke(conversation(call, result)).tool_calls[0]["args"] == {
        "order_id": 101,
        "new_state_id": 3,
    }


def test_model_only_reads_the_latest_request() -> None:
    earlier = [HumanMessage("Something else"), AIMessage("done")]
    model = ScriptedBillbeeModel(today=TODAY)
    reply = model.invoke([*earlier, HumanMessage(UNSHIPPED_PROMPT)])
    assert reply.tool_calls[0]["name"] == "billbee_summarize_orders"
