"""``rate_limit_url``: from the argument or BILLBEE_RATE_LIMIT_URL, checked at construction,
kept secret (it may carry a Redis password)."""

from __future__ import annotations

import pytest

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeConfigurationError

CREDENTIALS = {"username": "u@example.com", "api_password": "pw-s3cret", "api_key": "key-s3cret"}


def test_url_comes_from_the_environment_when_not_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLBEE_RATE_LIMIT_URL", "redis://:redis-pw@10.0.0.5:6380/2")
    api = BillbeeAPIWrapper(**CREDENTIALS)
    assert api.rate_limit_url is not None
    assert api.rate_limit_url.get_secret_value() == "redis://:redis-pw@10.0.0.5:6380/2"
    assert "redis-pw" not in repr(api) and "redis-pw" not in str(api.model_dump())


def test_no_url_keeps_the_budget_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BILLBEE_RATE_LIMIT_URL", raising=False)
    assert BillbeeAPIWrapper(**CREDENTIALS).rate_limit_url is None
    monkeypatch.setenv("BILLBEE_RATE_LIMIT_URL", "redis://localhost:6379/0")
    assert BillbeeAPIWrapper(**CREDENTIALS, rate_limit_url="").rate_limit_url is None


@pytest.mark.parametrize(
    "url", ["http://localhost:6379", "localhost:6379", "redis://:pw-in-url@host:port/0"]
)
def test_a_url_that_is_not_redis_fails_at_construction_without_quoting_it(url: str) -> None:
    with pytest.raises(BillbeeConfigurationError, match="BILLBEE_RATE_LIMIT_URL") as caught:
        BillbeeAPIWrapper(**CREDENTIALS, rate_limit_url=url)
    assert "pw-in-url" not in str(caught.value)
