"""Order summaries: every page read at 250, each order counted once, totals per currency."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
import requests

from langchain_billbee.models import Order
from langchain_billbee.summary import (
    MAX_ORDERS_CAP,
    NO_VALUE,
    SummaryProgress,
    group_label,
    group_value,
)
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api, query_of

SHOPS = ("Webshop", "Amazon DE", "eBay")


def make_orders(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "BillBeeOrderId": 300000000000000 + n,
            "State": rng.choice((1, 2, 3, 13)),
            "Currency": rng.choice(("EUR", "EUR", "CHF")),
            "TotalCost": f"{rng.randint(100, 9999) / 100:.2f}",
            "CreatedAt": f"2026-11-{rng.randint(1, 28):02d}T10:00:00",
            "Seller": {"BillbeeShopName": rng.choice(SHOPS)},
            "ShippingAddress": {"CountryISO2": rng.choice(("DE", "AT"))},
        }
        for n in range(count)
    ]


def serve(orders: list[dict[str, Any]]) -> Any:
    def handle(request: requests.PreparedRequest) -> Reply:
        query = query_of(request)
        page, size = int(query["page"]), int(query["pageSize"])
        rows = orders[(page - 1) * size : page * size]
        paging = {
            "Page": page,
            "TotalPages": -(-len(orders) // size),
            "TotalRows": len(orders),
            "PageSize": size,
        }
        return Reply(json_body=envelope(rows, paging=paging))

    return handle


def _api(orders: list[dict[str, Any]]) -> tuple[Any, ScriptedAdapter]:
    adapter = ScriptedAdapter(default=serve(orders))
    return make_api(adapter), adapter


def test_a_thousand_orders_are_four_requests_and_counted_exactly() -> None:
    orders = make_orders(1000)
    api, adapter = _api(orders)
    summary = api.summarize_orders(group_by=["state", "shop"], order_state_ids=[1, 2, 3, 13])
    assert len(adapter.requests) == 4 and summary.requests == 4
    assert {query_of(r)["pageSize"] for r in adapter.requests} == {"250"}
    for index in range(4):
        states = [v for k, v in adapter.query(index) if k == "orderStateId"]
        assert states == ["1", "2", "3", "13"]
    brute = Counter((str(o["State"]), o["Seller"]["BillbeeShopName"]) for o in orders)
    assert {g.key: g.count for g in summary.groups} == dict(brute)
    assert summary.orders_read == summary.matching == 1000
    assert not summary.truncated and summary.not_read == 0
    assert summary.filters == {"order_state_ids": [1, 2, 3, 13]}


def test_totals_are_exact_per_currency_for_each_group_and_overall() -> None:
    orders = make_orders(300)
    api, _ = _api(orders)
    summary = api.summarize_orders(group_by=["currency"])
    expected: dict[str, Decimal] = {}
    for o in orders:
        expected[o["Currency"]] = expected.get(o["Currency"], Decimal(0)) + Decimal(o["TotalCost"])
    assert summary.totals == expected
    for group in summary.groups:
        assert group.totals == {group.key[0]: expected[group.key[0]]}


def test_max_orders_stops_the_walk_and_says_how_many_were_not_read() -> None:
    api, adapter = _api(make_orders(1000))
    summary = api.summarize_orders(group_by=["state"], max_orders=300)
    assert len(adapter.requests) == 2
    assert summary.orders_read == 300 and summary.matching == 1000
    assert summary.truncated and summary.not_read == 700
    assert sum(g.count for g in summary.groups) == 300


def test_max_orders_equal_to_the_matching_count_is_not_truncated() -> None:
    api, _ = _api(make_orders(500))
    summary = api.summarize_orders(group_by=["state"], max_orders=500)
    assert summary.orders_read == 500 and not summary.truncated


def test_an_order_repeated_on_the_next_page_is_counted_once() -> None:
    orders = make_orders(260)
    shifted = orders[:250] + orders[249:]  # a new order pushed the last one onto page 2
    api, _ = _api(shifted)
    summary = api.summarize_orders(group_by=["state"])
    assert summary.orders_read == 260
    assert sum(g.count for g in summary.groups) == 260


def test_progress_is_reported_after_every_page() -> None:
    api, _ = _api(make_orders(600))
    seen: list[SummaryProgress] = []
    api.summarize_orders(group_by=["state"], on_progress=seen.append)
    assert [(p.pages_read, p.total_pages, p.orders_read) for p in seen] == [
        (1, 3, 250),
        (2, 3, 500),
        (3, 3, 600),
    ]
    assert seen[-1].as_event()["matching"] == 600


def test_no_matching_orders_is_one_request_and_an_empty_table() -> None:
    api, adapter = _api([])
    summary = api.summarize_orders(group_by=["shop"])
    assert len(adapter.requests) == 1
    assert summary.groups == [] and summary.orders_read == 0 and summary.totals == {}


def test_time_groups_are_in_time_order_and_states_by_id() -> None:
    api, _ = _api(make_orders(400))
    by_day = api.summarize_orders(group_by=["day"])
    days = [g.key[0] for g in by_day.groups]
    assert days == sorted(days)
    by_state = api.summarize_orders(group_by=["state", "week"])
    states = [int(g.key[0]) for g in by_state.groups]
    assert states == sorted(states)


def test_other_groups_are_largest_first() -> None:
    api, _ = _api(make_orders(400))
    counts = [g.count for g in api.summarize_orders(group_by=["shop"]).groups]
    assert counts == sorted(counts, reverse=True)


def test_group_values() -> None:
    order = Order.model_validate(
        {
            "BillBeeOrderId": 1, "State": 3, "CreatedAt": "2026-11-19T23:59:00",
            "ApiAccountName": "Amazon DE", "Currency": "EUR",
            "InvoiceAddress": {"CountryISO2": "AT"},
        }
    )  # fmt: skip
    values = {key: group_value(order, key) for key in ("state", "shop", "day", "week", "month")}
    assert values == {
        "state": "3", "shop": "Amazon DE", "day": "2026-11-19", "week": "2026-W47",
        "month": "2026-11",
    }  # fmt: skip
    assert group_value(order, "country") == "AT"  # no shipping address: the invoice address
    bare = Order.model_validate({"BillBeeOrderId": 2, "State": 1})
    assert {group_value(bare, k) for k in ("shop", "day", "country", "currency")} == {NO_VALUE}
    assert group_label("state", "3") == "3 Zahlung_erhalten (paid)"
    assert group_label("shop", "eBay") == "eBay"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group_by": []}, "1 or 2 keys"),
        ({"group_by": ["state", "shop", "day"]}, "1 or 2 keys"),
        ({"group_by": ["status"]}, "unknown key"),
        ({"group_by": ["shop", "shop"]}, "twice"),
        ({"group_by": ["shop"], "max_orders": 0}, "max_orders"),
        ({"group_by": ["shop"], "max_orders": MAX_ORDERS_CAP + 1}, "max_orders"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(kwargs: dict[str, Any], message: str) -> None:
    api, adapter = _api(make_orders(10))
    with pytest.raises(ValueError, match=message):
        api.summarize_orders(**kwargs)
    assert adapter.requests == []
