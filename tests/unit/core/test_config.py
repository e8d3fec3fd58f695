"""Credentials, headers and secrecy of BillbeeAPIWrapper."""

from __future__ import annotations

import base64
import logging

import pytest
import requests

from langchain_billbee._client import DEFAULT_BASE_URL, BillbeeAPIWrapper
from langchain_billbee._errors import (
    BillbeeAuthenticationError,
    BillbeeConfigurationError,
    BillbeeConnectionError,
)
from langchain_billbee._version import __version__
from tests.unit.core.fakes import (
    API_KEY,
    API_PASSWORD,
    BASE_URL,
    SECRETS,
    USERNAME,
    Reply,
    ScriptedAdapter,
    envelope,
    make_api,
)

ENV = {
    "BILLBEE_USERNAME": USERNAME,
    "BILLBEE_API_PASSWORD": API_PASSWORD,
    "BILLBEE_API_KEY": API_KEY,
}


def test_every_request_carries_basic_auth_api_key_accept_and_user_agent() -> None:
    adapter = ScriptedAdapter(Reply(json_body=[]))
    make_api(adapter).get_order_states()
    headers = adapter.requests[0].headers
    expected = base64.b64encode(f"{USERNAME}:{API_PASSWORD}".encode()).decode()
    assert headers["Authorization"] == f"Basic {expected}"
    assert headers["X-Billbee-Api-Key"] == API_KEY
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"] == f"langchain-billbee/{__version__}"
    assert "Content-Type" not in headers


def test_json_bodies_are_declared_and_timeout_is_always_set() -> None:
    adapter = ScriptedAdapter(Reply(body=b""))
    make_api(adapter, timeout=7.5).update_order_state(123, 3)
    request = adapter.requests[0]
    assert request.headers["Content-Type"] == "application/json"
    assert adapter.json_body() == {"NewStateId": 3}
    assert adapter.timeouts == [7.5]


def test_basic_auth_encodes_non_latin1_credentials_as_utf8() -> None:
    adapter = ScriptedAdapter(Reply(json_body=[]))
    make_api(adapter, api_password="pässwörd-€").get_order_states()
    token = adapter.requests[0].headers["Authorization"].removeprefix("Basic ")
    assert base64.b64decode(token).decode("utf-8") == f"{USERNAME}:pässwörd-€"


def test_credentials_and_base_url_fall_back_to_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var, value in ENV.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setenv("BILLBEE_BASE_URL", "https://example.test/api/v1/")
    api = BillbeeAPIWrapper()
    assert api.username.get_secret_value() == USERNAME
    assert api.api_password.get_secret_value() == API_PASSWORD
    assert api.api_key.get_secret_value() == API_KEY
    assert api.base_url == "https://example.test/api/v1"


def test_explicit_arguments_beat_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var, value in ENV.items():
        monkeypatch.setenv(var, value)
    api = BillbeeAPIWrapper(api_key="other-key")
    assert api.api_key.get_secret_value() == "other-key"
    assert api.base_url == DEFAULT_BASE_URL


def test_missing_credentials_are_named_together() -> None:
    with pytest.raises(BillbeeConfigurationError) as info:
        BillbeeAPIWrapper()
    message = str(info.value)
    for var in ENV:
        assert var in message
    assert isinstance(info.value, ValueError)


def test_only_the_missing_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLBEE_USERNAME", USERNAME)
    monkeypatch.setenv("BILLBEE_API_PASSWORD", API_PASSWORD)
    with pytest.raises(BillbeeConfigurationError) as info:
        BillbeeAPIWrapper(api_key="  ")
    assert "BILLBEE_API_KEY" in str(info.value)
    assert "BILLBEE_USERNAME" not in str(info.value)
    assert "api_key=" in str(info.value)


def test_secrets_absent_from_repr_str_and_json() -> None:
    api = make_api(ScriptedAdapter())
    for text in (repr(api), str(api), api.model_dump_json()):
        for secret in SECRETS:
            assert secret not in text
    assert "**********" in repr(api)


def test_secrets_absent_from_errors_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    adapter = ScriptedAdapter(
        Reply(503),
        Reply(401, json_body={"Message": "Authorization has been denied"}),
        requests.ConnectionError("boom"),
        default=requests.ConnectionError("boom"),
    )
    api = make_api(adapter)
    caplog.set_level(logging.DEBUG, logger="langchain_billbee")
    with pytest.raises(BillbeeAuthenticationError) as auth:
        api.get_order_states()
    with pytest.raises(BillbeeConnectionError) as conn:
        api.list_customers()
    for err in (auth.value, conn.value):
        for text in (str(err), repr(err), err.path or ""):
            assert not any(secret in text for secret in SECRETS)
        assert err.path is not None and "?" not in err.path
    assert not any(secret in caplog.text for secret in SECRETS)
    assert "HTTP 401" in str(auth.value) and "Authorization has been denied" in str(auth.value)


def test_invalid_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        make_api(ScriptedAdapter(), timeout=0)
    with pytest.raises(ValueError):
        make_api(ScriptedAdapter(), max_retries=-1)


def test_default_session_and_base_url() -> None:
    api = BillbeeAPIWrapper(username="u", api_password="p", api_key="k")
    assert api.base_url == DEFAULT_BASE_URL
    assert api.session is None
    assert BASE_URL != DEFAULT_BASE_URL
    api.close()


def test_stats_count_requests_and_reset() -> None:
    adapter = ScriptedAdapter(Reply(429), Reply(json_body=envelope([])))
    api = make_api(adapter)
    api.list_customers()
    assert (api.stats.requests, api.stats.retries, api.stats.rate_limited) == (2, 1, 1)
    api.stats.reset()
    assert (api.stats.requests, api.stats.retries, api.stats.rate_limited) == (0, 0, 0)
    assert api.stats.seconds == 0.0


@pytest.mark.parametrize("bad_key", ["key-with\nline-break", "schlüssel-€", "tab\there"])
def test_an_api_key_no_http_header_can_carry_is_a_configuration_error(bad_key: str) -> None:
    # http.client would raise a ValueError echoing the key, or a UnicodeEncodeError, on the
    # first request: an exception through the agent loop, and the secret in its message.
    with pytest.raises(BillbeeConfigurationError) as info:
        make_api(ScriptedAdapter(), api_key=bad_key)
    assert "BILLBEE_API_KEY" in str(info.value)
    assert bad_key not in str(info.value) and bad_key not in repr(info.value)


def test_passed_credentials_are_trimmed_like_the_environment_ones() -> None:
    adapter = ScriptedAdapter(Reply(json_body=[]))
    make_api(adapter, username=f" {USERNAME}\n", api_key=f"{API_KEY}\n").get_order_states()
    headers = adapter.requests[0].headers
    assert headers["X-Billbee-Api-Key"] == API_KEY
    token = headers["Authorization"].removeprefix("Basic ")
    assert base64.b64decode(token).decode() == f"{USERNAME}:{API_PASSWORD}"


@pytest.mark.parametrize(
    "url",
    [
        "api.billbee.io/api/v1",  # no scheme
        "ftp://api.billbee.io/api/v1",
        "https://",
        "http://api.billbee.io:99999/api/v1",
        "http://exa mple.com/api/v1",
        "https://proxy-user:proxy-s3cret@api.billbee.io/api/v1",  # would be quoted in errors
    ],
)
def test_an_unusable_base_url_is_a_configuration_error_naming_the_variable(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found at the first request, it read "try once more in a minute" to the model.
    with pytest.raises(BillbeeConfigurationError) as info:
        make_api(ScriptedAdapter(), base_url=url)
    assert "BILLBEE_BASE_URL" in str(info.value)
    assert "proxy-s3cret" not in str(info.value)
    monkeypatch.setenv("BILLBEE_BASE_URL", url)
    with pytest.raises(BillbeeConfigurationError):
        BillbeeAPIWrapper(username=USERNAME, api_password=API_PASSWORD, api_key=API_KEY)
