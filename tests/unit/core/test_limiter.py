"""The pair's pace: no one-second window ever holds more than two requests."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

import pytest
from ratelimit import RateLimitDecorator, RateLimitException

from langchain_billbee import _throttle
from langchain_billbee._errors import BillbeeRateLimitError
from langchain_billbee._throttle import SAFETY_MARGIN_S, local_budget, period_for
from langchain_billbee._window import SlidingWindow
from tests.helpers import FakeClock
from tests.unit.core.fakes import (
    API_KEY,
    USERNAME,
    Reply,
    ScriptedAdapter,
    envelope,
    make_api,
)

OK = Reply(json_body=envelope([]))


def max_in_any_window(times: list[float], width: float = 1.0) -> int:
    """Most admissions inside any half-open window [t, t + width) (windows start at events)."""
    ordered = sorted(times)
    best = 0
    for i, start in enumerate(ordered):
        best = max(best, sum(1 for t in ordered[i:] if t < start + width))
    return best


def test_spacing_is_half_a_second_plus_margin() -> None:
    assert period_for(2.0) == pytest.approx(0.5 + SAFETY_MARGIN_S)
    assert local_budget(API_KEY, USERNAME, FakeClock()).pace_period == period_for(2.0)
    assert SAFETY_MARGIN_S > 0


def test_window_property_under_many_threads() -> None:
    clock = FakeClock(min_sleep=1e-6)
    limiter = SlidingWindow(1, period_for(2.0), clock)
    admitted: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def worker() -> None:
        barrier.wait()
        for _ in range(6):
            at = limiter.acquire(None, clock.sleep)
            with lock:
                admitted.append(at)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(admitted) == 96
    ordered = sorted(admitted)
    assert min(b - a for a, b in pairwise(ordered)) >= 0.5 + SAFETY_MARGIN_S - 1e-9
    assert max_in_any_window(admitted) == 2


def test_naive_fixed_window_lets_four_through_within_one_second() -> None:
    """Documented contrast: ``calls=2, period=1`` is the trap the issue warns about."""
    now = [0.0]
    naive = RateLimitDecorator(calls=2, period=1, clock=lambda: now[0])(lambda: None)
    admitted = []
    for t in (0.90, 0.95, 1.00, 1.05):
        now[0] = t
        try:
            naive()
            admitted.append(t)
        except RateLimitException:
            pass
    assert admitted == [0.90, 0.95, 1.00, 1.05]
    assert max_in_any_window(admitted) == 4


def test_our_limiter_at_the_same_moments_keeps_two_per_window() -> None:
    clock = FakeClock(start=0.0)
    limiter = SlidingWindow(1, period_for(2.0), clock)
    admitted = []
    for t in (0.90, 0.95, 1.00, 1.05):
        clock.now = max(clock.now, t)
        admitted.append(limiter.acquire(None, clock.sleep))
    assert admitted[0] == 0.90  # a first call is never delayed, wherever it falls
    assert max_in_any_window(admitted) == 2


def test_budget_is_shared_per_api_key_and_user() -> None:
    clock = FakeClock()
    first = local_budget(API_KEY, USERNAME, clock)
    assert local_budget(API_KEY, USERNAME, clock) is first
    assert local_budget(API_KEY, "other@example.com", clock) is not first
    assert local_budget("other-key", USERNAME, clock) is not first
    assert not any(API_KEY in str(key) for key in _throttle._budgets)


def test_faster_wrapper_sets_the_pairs_pace() -> None:
    budget = local_budget(API_KEY, USERNAME, FakeClock())
    budget.allow(1.0)  # slower than Billbee's 2/s: leaves the pair's pace alone
    assert budget.pace_period == pytest.approx(period_for(2.0))
    budget.allow(4.0)
    assert budget.pace_period == pytest.approx(period_for(4.0))


def test_stricter_wrapper_slows_only_itself() -> None:
    clock = FakeClock()
    sent: dict[str, list[float]] = {"fast": [], "slow": []}
    apis = {}
    for name, rate in (("fast", 2.0), ("slow", 0.25)):
        adapter = ScriptedAdapter(default=OK)
        adapter.on_send = lambda _request, times=sent[name]: times.append(clock())
        apis[name] = make_api(adapter, fake_clock=clock, requests_per_second=rate)
    for _ in range(4):
        apis["slow"].get_order_states()
        for _ in range(8):
            apis["fast"].get_order_states()
    slow_gaps = [b - a for a, b in pairwise(sent["slow"])]
    fast_gaps = [b - a for a, b in pairwise(sent["fast"])]
    assert min(slow_gaps) >= period_for(0.25) - 1e-9
    # The fast wrapper keeps the pair's pace (a gap of two where the slow one took a slot);
    # it never waits out the slow one's 4 s spacing.
    assert max(fast_gaps) <= 2 * period_for(2.0) + 0.01
    assert sent["fast"][-1] - sent["fast"][0] < 40 * period_for(2.0)
    assert max_in_any_window(sent["fast"] + sent["slow"]) == 2


def test_two_wrappers_with_the_same_pair_share_the_budget() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(default=OK)
    sent: list[float] = []
    adapter.on_send = lambda _request: sent.append(clock())
    a = make_api(adapter, fake_clock=clock, requests_per_second=2.0)
    b = make_api(adapter, fake_clock=clock, requests_per_second=2.0)
    assert a is not b  # two wrappers, one clock and one pair: one process-wide limiter
    for api in (a, b, a, b, a, b):
        api.get_order_states()
    assert max_in_any_window(sent) == 2


def test_every_retry_passes_the_limiter_again() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(Reply(503), Reply(503), OK)
    sent: list[float] = []
    adapter.on_send = lambda _request: sent.append(clock())
    api = make_api(adapter, fake_clock=clock, requests_per_second=2.0, jitter=lambda d: 0.0)
    api.list_customers()
    assert len(sent) == 3
    gaps = [b - a for a, b in pairwise(sent)]
    assert all(gap >= 0.5 + SAFETY_MARGIN_S - 1e-9 for gap in gaps)


def test_limiter_off_never_sleeps() -> None:
    clock = FakeClock()
    api = make_api(ScriptedAdapter(default=OK), fake_clock=clock)
    for _ in range(10):
        api.get_order_states()
    assert clock.sleeps == []


def test_limiter_rejects_non_positive_rate() -> None:
    with pytest.raises(ValueError):
        period_for(0)


def test_a_429_makes_every_wrapper_of_the_pair_wait_out_retry_after() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(Reply(429, headers={"Retry-After": "3"}), default=OK)
    sent: list[float] = []
    adapter.on_send = lambda _request: sent.append(clock())
    first = make_api(adapter, fake_clock=clock, requests_per_second=2.0, max_retries=0)
    other = make_api(adapter, fake_clock=clock, requests_per_second=2.0)
    with pytest.raises(BillbeeRateLimitError):
        first.get_order_states()
    other.get_order_states()  # never saw the 429, yet waits it out
    assert sent[1] - sent[0] == pytest.approx(3.0)


def test_callers_are_admitted_in_arrival_order() -> None:
    """Each caller waits at most (its place in the queue + 1) spacings."""
    clock = FakeClock(min_sleep=1e-6)
    period = period_for(2.0)
    window = SlidingWindow(1, period, clock)
    window.acquire(None, clock.sleep)  # the queue's head will have to wait a full period
    order: list[int] = []
    admitted: dict[int, float] = {}
    lock = threading.Lock()

    def caller(place: int) -> None:
        at = window.acquire(None, clock.sleep)
        with lock:
            order.append(place)
            admitted[place] = at

    threads = [threading.Thread(target=caller, args=(place,)) for place in range(12)]
    with window.turn(None):  # held while the callers line up, one after the other
        for place, thread in enumerate(threads):
            thread.start()
            _wait_until_queued(window, place + 2)
        start = clock()
    for thread in threads:
        thread.join(timeout=30)
    assert order == list(range(12))
    assert all(admitted[place] - start <= (place + 1) * period + 1e-3 for place in admitted)


def _wait_until_queued(window: SlidingWindow, count: int) -> None:
    """Block until ``count`` callers hold or wait for the window's turn."""
    deadline = time.monotonic() + 10
    while len(window._turns._queues.get(None, ())) < count:
        assert time.monotonic() < deadline, "callers did not line up"
        time.sleep(0.001)
