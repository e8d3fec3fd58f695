"""Retry decisions (pure functions) and the retry loop of the request choke point."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests

from langchain_billbee._errors import (
    BillbeeAPIError,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeRateLimitError,
    BillbeeRedirectError,
    BillbeeServerError,
    BillbeeTimeoutError,
)
from langchain_billbee._retry import (
    NOT_JSON,
    backoff,
    equal_jitter,
    parse_retry_after,
    should_retry,
)
from tests.helpers import FakeClock
from tests.unit.core.fakes import Reply, ScriptedAdapter, envelope, make_api

OK = Reply(
    json_body=envelope([], paging={"Page": 1, "TotalPages": 1, "TotalRows": 0, "PageSize": 50})
)


DROPPED = BillbeeConnectionError(status_code=200, reason="connection dropped mid-body")
RETRIED = [
    BillbeeRateLimitError(),
    BillbeeServerError(status_code=500),
    BillbeeServerError(status_code=503),
    BillbeeServerError(status_code=200, reason=NOT_JSON),
    BillbeeConnectionError(reason="ReadTimeout"),
    BillbeeConnectionError(reason="ConnectTimeout", request_sent=False),
    DROPPED,
]
NOT_RETRIED = [
    BillbeeError(status_code=400),
    BillbeeError(status_code=409),
    BillbeeAPIError(status_code=200, error_code=11),
    BillbeeRedirectError(status_code=302),
    BillbeeServerError(status_code=200, reason="body larger than 16 MB"),
    BillbeeTimeoutError(reason="call_timeout used up"),
]


@pytest.mark.parametrize("error", RETRIED, ids=repr)
def test_transient_failures_are_retried(error: BillbeeError) -> None:
    assert should_retry(error, attempt=0, max_retries=3, write=False)


@pytest.mark.parametrize("error", NOT_RETRIED, ids=repr)
def test_definitive_failures_are_not_retried(error: BillbeeError) -> None:
    assert not should_retry(error, attempt=0, max_retries=3, write=False)


def test_a_write_whose_answer_broke_off_is_not_sent_again() -> None:
    # The status line arrived, so Billbee handled the write: a retry would send it twice.
    assert not should_retry(DROPPED, attempt=0, max_retries=3, write=True)
    unanswered = BillbeeConnectionError(reason="ReadTimeout")
    assert should_retry(unanswered, attempt=0, max_retries=3, write=True)


def test_should_retry_is_bounded() -> None:
    error = BillbeeServerError(status_code=503)
    assert should_retry(error, attempt=2, max_retries=3, write=False)
    assert not should_retry(error, attempt=3, max_retries=3, write=False)
    assert not should_retry(error, attempt=0, max_retries=0, write=False)


def test_backoff_is_exponential_capped_and_jittered() -> None:
    identity = [backoff(n, jitter=lambda d: d) for n in range(8)]
    assert identity[:4] == [0.5, 1.0, 2.0, 4.0]
    assert max(identity) == 20.0
    assert backoff(2, jitter=lambda d: d / 4) == 0.5


def test_retry_after_wins_over_backoff_however_long() -> None:
    # No cap here: the call's time budget decides whether a wait can be made.
    assert backoff(3, retry_after=7.0, jitter=lambda d: d) == 7.0
    assert backoff(0, retry_after=0.0) == 0.0
    assert backoff(0, retry_after=10_000.0) == 10_000.0


def test_equal_jitter_stays_within_half_and_full_delay() -> None:
    samples = [equal_jitter(4.0) for _ in range(200)]
    assert all(2.0 <= s <= 4.0 for s in samples)
    assert len(set(samples)) > 1


def test_parse_retry_after_delta_seconds_and_dates() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("0") == 0.0
    past = format_datetime(datetime.now(timezone.utc) - timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(past) == 0.0
    future = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 20.0 < (parse_retry_after(future) or 0.0) <= 30.0


@pytest.mark.parametrize(
    "value",
    [None, "", "  ", "soon", "nan", "NaN", "inf", "-inf", "Infinity", "-3", "-0.5", "1e3", "1e999",
     "9" * 400, "0x10", "1_000", "\u0663", "+5", "Mon, 32 Foo 2024 99:99:99 GMT"],
)  # fmt: skip
def test_retry_after_without_a_usable_wait_means_none(value: str | None) -> None:
    # None: the wrapper backs off exponentially, as if there were no header.
    assert parse_retry_after(value) is None


def test_a_retry_after_date_is_measured_against_the_given_now() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=lambda: now) == 90.0


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
    assert "Retry-After 2 s" in str(info.value)


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
