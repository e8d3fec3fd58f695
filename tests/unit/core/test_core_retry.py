"""Retry decisions (pure functions) and the retry loop of the request choke point."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests
from core_fakes import FakeClock, Reply, ScriptedAdapter, envelope, make_api

from langchain_billbee._errors import (
    BillbeeAPIError,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeRateLimitError,
    BillbeeServerError,
)
from langchain_billbee._retry import (
    MAX_RETRY_AFTER_S,
    backoff,
    equal_jitter,
    parse_retry_after,
    should_retry,
)

OK = Reply(
    json_body=envelope([], paging={"Page": 1, "TotalPages": 1, "TotalRows": 0, "PageSize": 50})
)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"status_code": 429}, True),
        ({"status_code": 500}, True),
        ({"status_code": 503}, True),
        ({"transport_error": True}, True),
        ({"malformed": True}, True),
        ({"status_code": 400}, False),
        ({"status_code": 401}, False),
        ({"status_code": 404}, False),
        ({"status_code": 200}, False),
    ],
)
def test_should_retry_by_outcome(kwargs: dict[str, object], expected: bool) -> None:
    assert should_retry(attempt=0, max_retries=3, **kwargs) is expected  # type: ignore[arg-type]


def test_should_retry_is_bounded() -> None:
    assert should_retry(attempt=2, max_retries=3, status_code=503)
    assert not should_retry(attempt=3, max_retries=3, status_code=503)
    assert not should_retry(attempt=0, max_retries=0, transport_error=True)


def test_backoff_is_exponential_capped_and_jittered() -> None:
    identity = [backoff(n, jitter=lambda d: d) for n in range(8)]
    assert identity[:4] == [0.5, 1.0, 2.0, 4.0]
    assert max(identity) == 20.0
    assert backoff(2, jitter=lambda d: d / 4) == 0.5


def test_retry_after_wins_over_backoff_and_is_capped() -> None:
    assert backoff(3, retry_after=7.0, jitter=lambda d: d) == 7.0
    assert backoff(0, retry_after=0.0) == 0.0
    assert backoff(0, retry_after=10_000.0) == MAX_RETRY_AFTER_S


def test_equal_jitter_stays_within_half_and_full_delay() -> None:
    samples = [equal_jitter(4.0) for _ in range(200)]
    assert all(2.0 <= s <= 4.0 for s in samples)
    assert len(set(samples)) > 1


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    past = format_datetime(datetime.now(timezone.utc) - timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(past) == 0.0
    future = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 20.0 < (parse_retry_after(future) or 0.0) <= 30.0


def test_429_honours_retry_after_seconds() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(Reply(429, headers={"Retry-After": "7"}), OK)
    api = make_api(adapter, fake_clock=clock)
    api.list_customers()
    assert clock.sleeps == [7.0]
    assert api.stats.rate_limited == 1
    assert api.stats.retries == 1


def test_429_without_retry_after_backs_off_exponentially() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(Reply(429), Reply(429), OK)
    make_api(adapter, fake_clock=clock).list_customers()
    assert clock.sleeps == [0.5, 1.0]
    assert len(adapter.requests) == 3


def test_persistent_429_raises_rate_limit_error_after_max_retries() -> None:
    adapter = ScriptedAdapter(default=Reply(429, headers={"Retry-After": "2"}))
    with pytest.raises(BillbeeRateLimitError) as info:
        make_api(adapter, max_retries=2).list_customers()
    assert len(adapter.requests) == 3
    assert info.value.retry_after == 2.0
    assert info.value.status_code == 429
    assert "Try again after 2 s" in str(info.value)


def test_5xx_is_retried_with_backoff_then_raises_server_error() -> None:
    clock = FakeClock()
    adapter = ScriptedAdapter(default=Reply(502, body=b"<html>Bad gateway</html>"))
    with pytest.raises(BillbeeServerError) as info:
        make_api(adapter, fake_clock=clock).list_customers()
    assert len(adapter.requests) == 4  # first attempt + max_retries=3
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert info.value.status_code == 502


def test_5xx_then_success_returns_data() -> None:
    adapter = ScriptedAdapter(Reply(500), Reply(503), OK)
    page = make_api(adapter).list_customers()
    assert page.items == []
    assert len(adapter.requests) == 3


def test_timeout_is_retried() -> None:
    adapter = ScriptedAdapter(requests.exceptions.ReadTimeout("slow"), OK)
    api = make_api(adapter)
    api.list_customers()
    assert len(adapter.requests) == 2
    assert api.stats.retries == 1


def test_connection_errors_exhaust_into_connection_error() -> None:
    adapter = ScriptedAdapter(default=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(BillbeeConnectionError) as info:
        make_api(adapter, max_retries=1).list_customers()
    assert len(adapter.requests) == 2
    assert "ConnectionError" in str(info.value)
    assert "billbee.test" in str(info.value)
    assert info.value.status_code is None


def test_malformed_json_on_success_is_retried_then_server_error() -> None:
    adapter = ScriptedAdapter(default=Reply(200, body=b"<html>maintenance</html>"))
    with pytest.raises(BillbeeServerError, match="not JSON"):
        make_api(adapter, max_retries=1).list_customers()
    assert len(adapter.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_client_errors_are_not_retried(status: int) -> None:
    adapter = ScriptedAdapter(default=Reply(status))
    with pytest.raises(BillbeeError):
        make_api(adapter).list_customers()
    assert len(adapter.requests) == 1


def test_envelope_error_on_200_is_not_retried() -> None:
    adapter = ScriptedAdapter(default=Reply(json_body={"ErrorCode": 11, "ErrorMessage": "bad"}))
    with pytest.raises(BillbeeAPIError):
        make_api(adapter).list_customers()
    assert len(adapter.requests) == 1


def test_zero_max_retries_means_one_attempt() -> None:
    adapter = ScriptedAdapter(default=Reply(503))
    with pytest.raises(BillbeeServerError):
        make_api(adapter, max_retries=0).list_customers()
    assert len(adapter.requests) == 1


def test_writes_are_retried_too_because_they_set_absolute_values() -> None:
    adapter = ScriptedAdapter(Reply(503), Reply(body=b""))
    make_api(adapter).update_order_state(7, 4)
    assert [adapter.json_body(i) for i in (0, 1)] == [{"NewStateId": 4}] * 2
