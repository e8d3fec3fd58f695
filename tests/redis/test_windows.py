"""The Redis windows themselves: reservations on Redis's clock, cooldowns, key names, TTLs."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import redis

from langchain_billbee._redis_budget import RedisBudget, redis_budget
from langchain_billbee._throttle import (
    ORDER_FETCH_LIMIT,
    LocalBudget,
    pair_digest,
    period_for,
)
from tests.redis._server import RedisServer

API_KEY, USERNAME = "redis-test-api-key", "redis-test@example.com"
PACE = period_for(2.0)


def process(url: str, offset: float = 0.0) -> RedisBudget:
    """A budget as one process would hold it: its own in-process windows and clock."""
    local = LocalBudget(lambda: time.monotonic() + offset)
    return redis_budget(url, API_KEY, USERNAME, local)


def recorder() -> tuple[list[float], Callable[[float], None]]:
    """A sleep that only notes how long it was asked to wait."""
    asked: list[float] = []
    return asked, asked.append


def test_reservations_queue_on_redis_whatever_the_clients_clocks(
    redis_server: RedisServer,
) -> None:
    # Clocks an hour apart: a window stamped with client time would admit all at once.
    hosts = [process(redis_server.url, offset) for offset in (-3600.0, 3600.0, 0.0) * 2]
    asked, sleep = recorder()
    for host in hosts:
        host.acquire("pace", None, sleep)
    # Nobody really slept, so each reservation waits one more spacing than the previous.
    assert len(asked) == 5
    for place, wait in enumerate(asked, start=1):
        assert place * PACE - 0.1 <= wait <= place * PACE + 0.01


def test_order_window_admits_six_a_minute_across_processes(redis_server: RedisServer) -> None:
    first, second = process(redis_server.url), process(redis_server.url)
    asked, sleep = recorder()
    for i in range(ORDER_FETCH_LIMIT):
        (first if i % 2 else second).acquire("order", 42, sleep)
    assert asked == []
    assert first.wait("order", 42) > 59.0  # saturated, seen from either process
    assert second.wait("order", 43) == 0.0  # another order has its own window
    second.acquire("order", 42, sleep)
    assert asked and 59.0 < asked[0] <= 60.0


def test_a_cooldown_reaches_other_processes(redis_server: RedisServer) -> None:
    first, second = process(redis_server.url), process(redis_server.url)
    first.hold("pace", None, 2.0)
    asked, sleep = recorder()
    second.acquire("pace", None, sleep)
    assert len(asked) == 1 and 1.9 <= asked[0] <= 2.0


def test_a_cooldown_set_while_a_caller_sleeps_wins_over_its_reservation(
    redis_server: RedisServer,
) -> None:
    first, second = process(redis_server.url), process(redis_server.url)
    first.acquire("pace", None, lambda _s: None)
    asked: list[float] = []

    def sleep(seconds: float) -> None:
        asked.append(seconds)
        if len(asked) == 1:  # while the second process waits for its slot, a 429 arrives
            first.hold("pace", None, 3.0)

    second.acquire("pace", None, sleep)
    assert asked[0] == pytest.approx(PACE, abs=0.05)
    assert 2.9 <= asked[1] <= 3.0  # the rest of the cooldown, then a fresh reservation


def test_keys_are_documented_names_without_credentials_and_expire(
    redis_server: RedisServer,
) -> None:
    budget = process(redis_server.url)
    budget.acquire("pace", None, lambda _s: None)
    budget.acquire("order", 42, lambda _s: None)
    budget.acquire("invoices", (2, "2024-05-01T00:00:00"), lambda _s: None)
    budget.hold("pace", None, 5.0)
    prefix = f"langchain-billbee:{{{pair_digest(API_KEY, USERNAME)}}}"
    with redis.Redis.from_url(redis_server.url, decode_responses=True) as client:
        keys = set(client.scan_iter("*"))
        assert keys == {
            f"{prefix}:pace",
            f"{prefix}:pace:hold",
            f"{prefix}:order:42",
            f"{prefix}:invoices:2:2024-05-01T00:00:00",
        }
        assert not any(secret in key for key in keys for secret in (API_KEY, USERNAME))
        ttl = {key: client.pttl(key) / 1000 for key in keys}
    assert 0 < ttl[f"{prefix}:pace"] <= PACE + 1.0
    assert 4.0 < ttl[f"{prefix}:pace:hold"] <= 6.0
    assert 59.0 < ttl[f"{prefix}:order:42"] <= 61.0
    assert 59.0 < ttl[f"{prefix}:invoices:2:2024-05-01T00:00:00"] <= 61.0
