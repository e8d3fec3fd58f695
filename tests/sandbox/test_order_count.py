"""``BillbeeSandbox(orders=N)`` and ``--orders N``: a bigger shop that still looks like the demo
shop, while the default one stays byte for byte what cassettes, notebooks and demo were made with.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import timedelta

import pytest

from langchain_billbee.sandbox import ANCHOR, BillbeeBackend, BillbeeSandbox
from langchain_billbee.sandbox.__main__ import main
from langchain_billbee.sandbox.data import generate
from tests.sandbox._cli import CLIRunner
from tests.sandbox._http import BillbeeHTTP, parse

# SHA-256 of GET /orders?pageSize=250&page=1 and 2 for seed 42. If a deliberate change to the
# demo data breaks this, re-record the cassettes and refresh the notebooks along with it.
DEFAULT_PAGES = {
    1: "b1749cc18caf2ef843aad41c65e605255915672f4b5b23eddb8d65c8b74a29a4",
    2: "0344b5a638e40013ffe7dca33439aa3232600bc3fcc8b5a4c9f4e9900eaadf20",
}
OPEN_STATES = {1, 2, 3, 13}


def _order_pages(sandbox: BillbeeSandbox) -> dict[int, bytes]:
    with sandbox:
        http = BillbeeHTTP(sandbox)
        try:
            return {page: http.get(f"/orders?pageSize=250&page={page}").content for page in (1, 2)}
        finally:
            http.close()


def test_the_default_shop_is_unchanged() -> None:
    for sandbox in (BillbeeSandbox(throttle=False), BillbeeSandbox(throttle=False, orders=260)):
        pages = _order_pages(sandbox)
        assert {n: hashlib.sha256(body).hexdigest() for n, body in pages.items()} == DEFAULT_PAGES


def test_a_thousand_orders_are_four_pages_of_250() -> None:
    with BillbeeSandbox(throttle=False, orders=1000) as sandbox:
        http = BillbeeHTTP(sandbox)
        bodies = [parse(http.get(f"/orders?pageSize=250&page={n}")) for n in (1, 2, 3, 4)]
        http.close()
        requests_made = sandbox.stats.requests
    assert [b["Paging"]["TotalRows"] for b in bodies] == [1000] * 4
    assert [b["Paging"]["TotalPages"] for b in bodies] == [4] * 4
    assert [len(b["Data"]) for b in bodies] == [250] * 4
    orders = [order for body in bodies for order in body["Data"]]
    ids = [order["BillBeeOrderId"] for order in orders]
    assert ids == sorted(set(ids))
    created = [order["CreatedAt"] for order in orders]
    assert created == sorted(created)
    assert requests_made == 4


def test_a_bigger_shop_looks_like_the_demo_shop() -> None:
    default, bigger = generate(42), generate(42, orders=1000)
    assert len(bigger.orders) == 1000 and len(bigger.products) == len(default.products)
    assert len(bigger.customers) == 461  # 120 per 260 orders
    oldest = min(order["CreatedAt"] for order in default.orders)
    assert all(oldest - timedelta(days=2) <= o["CreatedAt"] < ANCHOR for o in bigger.orders)
    states = Counter(order["State"] for order in bigger.orders)
    assert 0.05 < sum(states[s] for s in OPEN_STATES) / 1000 < 0.2
    assert states[4] + states[7] > 700 and 0 < states[8] < 60  # mostly shipped, a few canceled
    numbers = [order["OrderNumber"] for order in bigger.orders]
    assert len(set(numbers)) == 1000
    repeat = Counter(order["Customer"]["Id"] for order in bigger.orders)
    assert max(repeat.values()) < 20


def test_a_bigger_shop_is_deterministic_from_the_seed() -> None:
    first, again, other = (generate(s, orders=600).orders for s in (42, 42, 7))
    assert first == again
    assert first != other


def test_no_orders_is_an_empty_shop_and_fewer_than_none_is_refused() -> None:
    assert BillbeeBackend(orders=0).get_orders().total_rows == 0
    with pytest.raises(ValueError, match="orders"):
        BillbeeSandbox(orders=-1)
    with pytest.raises(SystemExit):
        main(["--orders", "-1"])


def test_command_line_serves_the_requested_number_of_orders(sandbox_cli: CLIRunner) -> None:
    with sandbox_cli("--port", "0", "--orders", "300") as cli:
        assert "300 orders" in cli.lines[0]
        body = parse(cli.get("/orders", pageSize=1))
        assert body["Paging"]["TotalRows"] == 300
