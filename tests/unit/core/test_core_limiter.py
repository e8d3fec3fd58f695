"""The process-wide limiter: no one-second window ever holds more than two requests."""

from __future__ import annotations

import threading
from itertools import pairwise

import pytest
from core_fakes import (
    API_KEY,
    USERNAME,
    FakeClock,
    Reply,
    ScriptedAdapter,
    ThreadedClock,
    envelope,
    make_api,
)
from ratelimit import RateLimitDecorator, RateLimitException

from langchain_billbee import _throttle
from langchain_billbee._throttle import SAFETY_MARGIN_S, Limiter, limiter_for

OK = Reply(json_body=envelope([]))


def max_in_any_window(times: list[float], width: float = 1.0) -> int:
    """Most admissions inside any half-open window [t, t + width) (windows start at events)."""
    ordered = sorted(times)
    best = 0
    for i, start in enumerate(ordered):
        best = max(best, sum(1 for t in ordered[i:] if t < start + width))
    return best


def test_spacing_is_half_a_second_plus_margin() -> None:
    assert Limiter(2.0, clock=FakeClock()).period == pytest.approx(0.5 + SAFETY_MARGIN_S)
    assert SAFETY_MARGIN_S > 0


def test_window_property_under_many_threads() -> None:
    clock = ThreadedClock()
    limiter = Limiter(2.0, clock=clock)
    admitted: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def worker() -> None:
        barrier.wait()
        for _ in range(6):
            at = limiter.acquire(clock.sleep)
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
    limiter = Limiter(2.0, clock=clock)
    admitted = []
    for t in (0.90, 0.95, 1.00, 1.05):
        clock.now = max(clock.now, t)
        admitted.append(limiter.acquire(clock.sleep))
    assert admitted[0] == 0.90  # a first call is never delayed, wherever it falls
    assert max_in_any_window(admitted) == 2


def test_limiter_is_shared_per_api_key_and_user() -> None:
    clock = FakeClock()
    first = limiter_for(API_KEY, USERNAME, 2.0, clock)
    assert limiter_for(API_KEY, USERNAME, 2.0, clock) is first
    assert limiter_for(API_KEY, "other@example.com", 2.0, clock) is not first
    assert limiter_for("other-key", USERNAME, 2.0, clock) is not first
    assert not any(API_KEY in str(key) for key in _throttle._limiters)


def test_stricter_rate_wins_when_shared() -> None:
    clock = FakeClock()
    limiter = limiter_for(API_KEY, USERNAME, 2.0, clock)
    limiter_for(API_KEY, USERNAME, 1.0, clock)
    assert limiter.period == pytest.approx(1.0 + SAFETY_MARGIN_S)


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
        Limiter(0, clock=FakeClock())
