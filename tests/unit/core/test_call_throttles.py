"""Billbee's per-call throttles (invoice list, single order) and the two writes."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
import requests

from langchain_billbee._caches import ORDER_FETCH_WINDOW_S, OrderFetchThrottle, ResponseCache
from langchain_billbee._errors import BillbeeError
from langchain_billbee._throttle import ORDER_FETCH_LIMIT, LocalBudget
from tests.helpers import FakeClock
from tests.unit.core.fakes import (
    Reply,
    ScriptedAdapter,
    envelope,
    make_api,
)

INVOICES = Reply(
    json_body=envelope(
        [{"InvoiceNumber": "RN-1", "BillbeeId": 5, "TotalGross": 10.5}],
        paging={"Page": 1, "TotalPages": 1, "TotalRows": 1, "PageSize": 50},
    )
)


def order_reply(state: int) -> Reply:
    return Reply(json_body=envelope({"BillBeeOrderId": 42, "State": state}))


def test_identical_invoice_query_within_a_minute_is_served_from_cache() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(default=INVOICES)
    api = make_api(adapter, fake_clock=clock)
    first = api.list_invoices(min_invoice_date="2024-01-01")
    first.items[0].currency = "mutated by caller"
    second = api.list_invoices(min_invoice_date="2024-01-01")
    assert len(adapter.requests) == 1
    assert second.items[0].invoice_number == "RN-1"
    assert second.items[0].currency is None
    api.list_invoices(min_invoice_date="2024-01-01", page=2)  # another query: another request
    assert len(adapter.requests) == 2
    clock.now += 60.0
    api.list_invoices(min_invoice_date="2024-01-01")
    assert len(adapter.requests) == 3


def test_other_invoice_query_on_the_same_page_and_date_waits_out_the_minute() -> None:
    """Billbee throttles per page + minInvoiceDate, so a different filter must not provoke a 429."""
    clock = FakeClock()
    adapter = ScriptedAdapter(default=INVOICES)
    api = make_api(adapter, fake_clock=clock)
    api.list_invoices(min_invoice_date="2024-01-01")
    clock.now += 10.0
    api.list_invoices(min_invoice_date="2024-01-01", shop_ids=[7])
    assert len(adapter.requests) == 2
    assert clock.sleeps == [pytest.approx(50.0)]
    api.list_invoices(min_invoice_date="2024-02-01", shop_ids=[7])  # another slot: no wait
    assert len(clock.sleeps) == 1


def test_concurrent_identical_invoice_queries_share_one_request() -> None:
    """A second identical call made while the first is in flight takes the first one's answer.

    The second call starts from inside the first request. Given a moment, it either finishes
    on its own (its own request, after waiting out the minute) or is still waiting for the
    first; either way, once both are done, Billbee must have been asked once.
    """
    clock = FakeClock(min_sleep=1e-6)
    adapter = ScriptedAdapter(default=INVOICES)
    api = make_api(adapter, fake_clock=clock)
    pages = []
    second = threading.Thread(target=lambda: pages.append(api.list_invoices(page_size=10)))

    def start_second_call(request: requests.PreparedRequest) -> None:
        if len(adapter.requests) == 1:
            second.start()
            second.join(timeout=0.5)

    adapter.on_send = start_second_call
    first = api.list_invoices(page_size=10)
    second.join()
    assert len(adapter.requests) == 1
    assert [page.items for page in pages] == [first.items]


def test_retrying_an_invoice_list_does_not_wait_for_the_slot_again() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(Reply(status=503), INVOICES)
    api = make_api(adapter, fake_clock=clock)
    page = api.list_invoices(min_invoice_date="2024-01-01")
    assert page.items[0].invoice_number == "RN-1"
    assert len(adapter.requests) == 2
    assert all(pause < 60.0 for pause in clock.sleeps)  # only the retry backoff


def test_invoice_cache_keeps_nothing_from_failed_calls() -> None:
    adapter = ScriptedAdapter(Reply(400), INVOICES)
    api = make_api(adapter)
    with pytest.raises(BillbeeError):
        api.list_invoices()
    assert api.list_invoices().items[0].invoice_number == "RN-1"
    assert len(adapter.requests) == 2


def test_get_order_serves_the_seventh_call_from_cache_without_waiting() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(default=order_reply(3))
    api = make_api(adapter, fake_clock=clock)
    for _ in range(6):
        clock.now += 1.0
        assert api.get_order(42).state == 3
    assert len(adapter.requests) == 6
    assert api.get_order(42).state == 3
    assert len(adapter.requests) == 6
    assert clock.sleeps == []


def test_get_order_after_a_write_waits_for_a_free_slot() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(*[order_reply(3)] * 6, Reply(body=b""), order_reply(4))
    api = make_api(adapter, fake_clock=clock)
    start = clock.now
    for _ in range(6):
        api.get_order(42)
    api.update_order_state(42, 4)
    assert api.get_order(42).state == 4  # no stale copy after the write
    assert len(adapter.requests) == 8
    assert clock.sleeps == [pytest.approx(ORDER_FETCH_WINDOW_S)]
    assert clock.now - start >= ORDER_FETCH_WINDOW_S


def test_get_order_window_is_per_order_and_rolls() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(default=order_reply(1))
    api = make_api(adapter, fake_clock=clock)
    for _ in range(6):
        api.get_order(42)
    api.get_order(43)  # another order has its own budget
    assert len(adapter.requests) == 7
    clock.now += ORDER_FETCH_WINDOW_S
    api.get_order(42)  # the window rolled: a real request again
    assert len(adapter.requests) == 8


def test_failed_write_still_invalidates_the_cached_order() -> None:
    throttle = OrderFetchThrottle(window=60.0)
    clock = FakeClock()
    budget = LocalBudget(clock)
    for _ in range(ORDER_FETCH_LIMIT):
        budget.acquire("order", 42, clock.sleep)
    generation = throttle.generation(42)
    throttle.store(42, {"State": 3}, generation, clock())
    assert throttle.cached_if_saturated(42, budget, clock()) == {"State": 3}
    throttle.invalidate(42)
    assert throttle.cached_if_saturated(42, budget, clock()) is None
    throttle.store(42, {"State": 3}, generation, clock())  # a fetch that raced the write
    assert throttle.cached_if_saturated(42, budget, clock()) is None


def test_two_wrappers_of_one_pair_share_an_orders_six_a_minute() -> None:
    clock = FakeClock()
    sent: list[float] = []
    apis = []
    for _ in range(2):
        adapter = ScriptedAdapter(default=order_reply(3))
        adapter.on_send = lambda _request: sent.append(clock())
        apis.append(make_api(adapter, fake_clock=clock))
    for i in range(ORDER_FETCH_LIMIT + 1):
        apis[i % 2].get_order(42)
    # Billbee counts the pair, not the wrapper: the seventh fetch within the minute is served
    # from the copy the first wrapper holds, not sent as a seventh request.
    assert len([t for t in sent if t - sent[0] < ORDER_FETCH_WINDOW_S]) == ORDER_FETCH_LIMIT


def test_update_order_state_rejects_unknown_states_without_a_request() -> None:
    adapter = ScriptedAdapter()
    with pytest.raises(ValueError, match="1 Bestellt"):
        make_api(adapter).update_order_state(42, 18)
    assert adapter.requests == []


def test_update_stock_by_product_id_looks_up_the_sku_first() -> None:
    product = envelope({"Id": 100000060427005, "SKU": "SKU-7", "Title": []})
    result = envelope(
        {
            "SKU": "SKU-7",
            "OldStock": 5,
            "CurrentStock": 12.0,
            "UnfulfilledAmount": 0,
            "Message": "ok",
        }
    )
    adapter = ScriptedAdapter(Reply(json_body=product), Reply(json_body=result))
    outcome = make_api(adapter).update_stock(
        billbee_product_id=100000060427005, new_quantity=12, reason="inventory count", stock_id=3
    )
    assert [r.method for r in adapter.requests] == ["GET", "POST"]
    assert adapter.paths() == ["/api/v1/products/100000060427005", "/api/v1/products/updatestock"]
    assert adapter.json_body() == {
        "Sku": "SKU-7",
        "NewQuantity": 12,
        "BillbeeId": 100000060427005,
        "StockId": 3,
        "Reason": "inventory count",
    }
    assert (outcome.old_stock, outcome.current_stock) == (Decimal(5), Decimal("12.0"))


def test_update_stock_by_sku_sends_one_request() -> None:
    adapter = ScriptedAdapter(
        Reply(json_body=envelope({"SKU": "A", "OldStock": 1, "CurrentStock": 2.5}))
    )
    make_api(adapter).update_stock(sku="A", new_quantity="2.5")
    assert adapter.json_body() == {"Sku": "A", "NewQuantity": 2.5}
    assert len(adapter.requests) == 1


def test_update_stock_product_without_sku_fails_before_writing() -> None:
    adapter = ScriptedAdapter(Reply(json_body=envelope({"Id": 9, "SKU": None})))
    with pytest.raises(BillbeeError, match="has no SKU"):
        make_api(adapter).update_stock(billbee_product_id=9, new_quantity=1)
    assert [r.method for r in adapter.requests] == ["GET"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"new_quantity": 1}, "sku or billbee_product_id"),
        ({"sku": "A", "new_quantity": -1}, ">= 0"),
        ({"sku": "A", "new_quantity": "many"}, "must be a number"),
        ({"sku": "A", "new_quantity": float("nan")}, "finite"),
        # Would reach Billbee (which reads a double) as a 401-digit integer.
        ({"sku": "A", "new_quantity": "1e400"}, "<= 1000000000"),
    ],
)
def test_update_stock_validates_arguments_without_a_request(
    kwargs: dict[str, object], match: str
) -> None:
    adapter = ScriptedAdapter()
    with pytest.raises(ValueError, match=match):
        make_api(adapter).update_stock(**kwargs)  # type: ignore[arg-type]
    assert adapter.requests == []


def test_response_cache_expires_and_prunes() -> None:
    cache = ResponseCache(ttl=60.0)
    cache.put("a", {"x": 1}, now=0.0)
    assert cache.get("a", now=59.9) == {"x": 1}
    assert cache.get("a", now=60.0) is None
    cache.put("b", {"x": 2}, now=61.0)
    assert cache.get("a", now=61.0) is None
    cache.clear()
    assert cache.get("b", now=61.0) is None
