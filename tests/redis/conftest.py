"""Fixtures of the Redis tier: a real server, a clean database per test, fresh clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from langchain_billbee import _redis_budget
from tests.redis._server import RedisServer


@pytest.fixture(scope="session")
def _session_redis() -> Iterator[RedisServer]:
    server = RedisServer()
    try:
        yield server.start()
    finally:
        server.close()


@pytest.fixture
def redis_server(_session_redis: RedisServer) -> Iterator[RedisServer]:
    """The session's server with an empty database (stopped and restarted tests use their own)."""
    import redis

    with redis.Redis.from_url(_session_redis.url) as client:
        client.flushall()
    yield _session_redis


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A server of this test alone, which it may stop and start again."""
    server = RedisServer()
    try:
        yield server.start()
    finally:
        server.close()


@pytest.fixture(autouse=True)
def _fresh_links() -> Iterator[None]:
    # The in-process budgets are reset by the root conftest; the Redis links are this tier's.
    _redis_budget.forget_links()
    yield
    _redis_budget.forget_links()
