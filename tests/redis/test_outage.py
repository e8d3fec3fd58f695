"""Redis away (never started, stopped mid-run, not answering): one warning, the in-process
limiter instead, never a crash or an unlimited wrapper; Redis again once it answers."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from itertools import pairwise

import pytest
import redis
from langchain_core.messages import ToolMessage

from langchain_billbee import _redis_budget
from langchain_billbee._throttle import pair_digest, period_for
from langchain_billbee.tools import BillbeeListProductsTool
from tests.redis._server import RedisServer, free_port
from tests.redis._support import LoggedWindow, throttled_sandbox, wrapper

pytestmark = pytest.mark.waits  # socket timeouts and a throttle of 2 requests a second

PACE = period_for(2.0)


def redis_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "langchain_billbee"
        and r.levelno == logging.WARNING
        and "Redis" in r.getMessage()
    ]


def spaced(log: LoggedWindow) -> bool:
    """Requests arrived spaced by the limiter, not back to back (an unlimited client sends
    them milliseconds apart); half the spacing, because load delays some arrivals."""
    return min(b - a for a, b in pairwise(sorted(log.admitted))) >= PACE / 2


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that accepts connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        listener.close()


def test_redis_not_running_falls_back_to_the_in_process_limiter(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"redis://:redis-s3cret@127.0.0.1:{free_port()}/0"
    with throttled_sandbox() as (sandbox, log):
        api = wrapper(sandbox, rate_limit_url=url)
        tool = BillbeeListProductsTool(api_wrapper=api)
        for i in range(3):
            message = tool.invoke({"type": "tool_call", "id": f"c{i}", "name": tool.name,
                                   "args": {"page_size": 5}})  # fmt: skip
            assert isinstance(message, ToolMessage) and message.status == "success"
        assert sandbox.stats.throttled == 0
        assert spaced(log)  # limited, not unlimited
    warnings = redis_warnings(caplog)
    assert len(warnings) == 1
    assert f"127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}" in warnings[0]
    assert "redis-s3cret" not in caplog.text and "redis-s3cret" not in repr(api)


def test_redis_stopped_mid_run_and_back(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_redis_budget, "RETRY_REDIS_AFTER_S", 0.2)
    with throttled_sandbox() as (sandbox, log):
        api = wrapper(sandbox, rate_limit_url=own_redis.url)
        pace_key = f"langchain-billbee:{{{pair_digest(sandbox.api_key, sandbox.username)}}}:pace"
        api.list_products()
        with redis.Redis.from_url(own_redis.url) as client:
            assert client.exists(pace_key)
        own_redis.stop()
        for _ in range(2):
            api.list_products()  # Redis gone: the in-process limiter spaces these
        assert len(redis_warnings(caplog)) == 1
        own_redis.start()
        time.sleep(0.3)
        api.list_products()
        with redis.Redis.from_url(own_redis.url) as client:  # an empty server again
            assert client.exists(pace_key)
        assert sandbox.stats.throttled == 0
        assert spaced(log)
    warnings = redis_warnings(caplog)
    assert len(warnings) == 2 and "answers again" in warnings[1]


def test_redis_not_answering_costs_one_socket_timeout(
    silent_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    with throttled_sandbox() as (sandbox, log):
        api = wrapper(sandbox, rate_limit_url=silent_server)
        started = time.monotonic()
        for _ in range(3):
            api.list_products()
        elapsed = time.monotonic() - started
        assert sandbox.stats.throttled == 0
        assert spaced(log)
    # One timeout, then the fallback until Redis is tried again: not one timeout per call.
    assert elapsed < _redis_budget.SOCKET_TIMEOUT_S + 2 * PACE + 1.0
    assert len(redis_warnings(caplog)) == 1
