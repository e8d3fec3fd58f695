"""``http://`` carries the credentials in clear text: refused for any host but this machine.

Loopback stays allowed because the sandbox (and this tier's servers) serve plain HTTP on it.
"""

from __future__ import annotations

import pytest

from langchain_billbee import BillbeeAPIWrapper, BillbeeConfigurationError
from tests.hostile._servers import Exchange, Serve
from tests.hostile._support import API_KEY, API_PASSWORD, USERNAME, wrapper_for

REMOTE = [
    "http://api.billbee.io/api/v1",
    "http://10.0.0.8:8080/api/v1",
    "http://0.0.0.0:8765/api/v1",  # every interface, not loopback
    "http://127.0.0.1.nip.io/api/v1",  # a name that only looks like loopback
    "http://[2001:db8::1]/api/v1",
    "HTTP://API.BILLBEE.IO/api/v1",
]
LOOPBACK = [
    "http://127.0.0.1:8765/api/v1",
    "http://127.3.4.5/api/v1",
    "http://localhost:8765/api/v1",
    "http://LOCALHOST/api/v1",
    "http://[::1]:8765/api/v1",
    "https://api.billbee.io/api/v1",
    "https://10.0.0.8/api/v1",
]


def _wrapper(base_url: str) -> BillbeeAPIWrapper:
    return BillbeeAPIWrapper(
        username=USERNAME, api_password=API_PASSWORD, api_key=API_KEY, base_url=base_url
    )


@pytest.mark.parametrize("url", REMOTE)
def test_plain_http_to_another_host_is_a_configuration_error(url: str) -> None:
    with pytest.raises(BillbeeConfigurationError) as info:
        _wrapper(url)
    assert "BILLBEE_BASE_URL" in str(info.value) and "https://" in str(info.value)


@pytest.mark.parametrize("url", REMOTE)
def test_plain_http_from_the_environment_is_refused_too(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BILLBEE_BASE_URL", url)
    with pytest.raises(BillbeeConfigurationError):
        BillbeeAPIWrapper(username=USERNAME, api_password=API_PASSWORD, api_key=API_KEY)


@pytest.mark.parametrize("url", LOOPBACK)
def test_loopback_and_https_are_accepted(url: str) -> None:
    assert _wrapper(url).base_url == url.rstrip("/")


def test_a_base_url_changed_after_construction_is_checked_before_sending(serve: Serve) -> None:
    server = serve(lambda exchange: exchange.reply(json_body=[]))
    api = wrapper_for(server)
    api.base_url = "http://api.billbee.io/api/v1"

    with pytest.raises(BillbeeConfigurationError):
        api.get_order_states()

    assert server.received == []


def test_the_loopback_server_itself_is_reached(serve: Serve) -> None:
    def states(exchange: Exchange) -> None:
        exchange.reply(json_body=[{"Id": 1, "Name": "Bestellt"}])

    server = serve(states)

    assert [s.id for s in wrapper_for(server).get_order_states()] == [1]
    assert [r.path for r in server.received] == ["/enums/orderstates"]
