"""The user's words end to end against the sandbox: order numbers, SKUs, search, exact summaries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeNotFoundError
from langchain_billbee.sandbox import BillbeeSandbox


@pytest.fixture
def api(sandbox: BillbeeSandbox) -> Iterator[BillbeeAPIWrapper]:
    wrapper = sandbox.api_wrapper(requests_per_second=None)
    yield wrapper
    wrapper.close()


def test_every_order_number_the_list_shows_finds_that_order(api: BillbeeAPIWrapper) -> None:
    orders = api.fetch_all(api.list_orders)
    numbered = [o for o in orders if o.order_number]
    assert len(numbered) == len(orders) > 100  # every shop order carries its number
    before = api.stats.requests
    for order in numbered:
        assert order.order_number is not None
        assert api.get_order_by_number(order.order_number).bill_bee_order_id == (
            order.bill_bee_order_id
        )
    assert api.stats.requests - before == len(numbered)  # one request each


def test_an_unknown_number_is_not_found(api: BillbeeAPIWrapper) -> None:
    with pytest.raises(BillbeeNotFoundError, match="no order with the number 'NO-SUCH-1'"):
        api.get_order_by_number("NO-SUCH-1")


def test_products_by_sku_ean_and_id_are_the_same_product(api: BillbeeAPIWrapper) -> None:
    product = api.list_products(page_size=1).items[0]
    assert product.sku and product.ean
    by_sku = api.get_product(sku=product.sku)
    assert by_sku.id == api.get_product(ean=product.ean).id == product.id
    assert api.get_product(product.id).sku == api.get_product(billbee_id=product.id).sku


def test_search_finds_orders_by_number_and_products_by_sku(api: BillbeeAPIWrapper) -> None:
    order = api.list_orders(page_size=1).items[0]
    assert order.order_number
    hits = api.search_orders(order.order_number)
    assert order.bill_bee_order_id in [h.id for h in hits]
    product = api.list_products(page_size=1).items[0]
    assert product.sku
    assert product.id in [p.id for p in api.search_products(product.sku)]


def test_summary_counts_equal_a_brute_force_count_of_the_sandbox_state() -> None:
    with BillbeeSandbox(throttle=False, orders=1000) as sandbox:
        api = sandbox.api_wrapper(requests_per_second=None)
        summary = api.summarize_orders(group_by=["state", "shop"])
        state = sandbox.state.get_orders(page=1, page_size=10_000).items
        api.close()
    brute = Counter((str(o["State"]), o["ApiAccountName"]) for o in state)
    assert len(state) == 1000
    assert Counter({g.key: g.count for g in summary.groups}) == brute
    assert summary.requests == 4 and summary.orders_read == 1000 and not summary.truncated
    gross = sum((o["TotalCost"] for o in state), start=type(state[0]["TotalCost"])(0))
    assert summary.totals == {"EUR": gross}


def test_summary_filters_are_billbee_filters(
    api: BillbeeAPIWrapper, sandbox: BillbeeSandbox
) -> None:
    summary = api.summarize_orders(group_by=["shop"], order_state_ids=[1, 2])
    state = sandbox.state.get_orders(page=1, page_size=10_000, order_state_ids=[1, 2]).items
    assert summary.orders_read == len(state) > 0
    assert summary.filters == {"order_state_ids": [1, 2]}
