"""A redirect is an error naming its status and target host; nothing is sent on.

requests drops ``Authorization`` on a cross-host redirect but keeps ``X-Billbee-Api-Key``, and
a 307/308 re-sends a write's body: following any redirect would hand the key (and a stock
update) to whatever host the ``Location`` names, and report that host's answer as Billbee's.
"""

from __future__ import annotations

from typing import Any

import pytest

from langchain_billbee import BillbeeError, BillbeeUpdateStockTool
from langchain_billbee._errors import BillbeeRedirectError
from tests.helpers import call
from tests.hostile._servers import Exchange, HostileServer, Serve
from tests.hostile._support import API_KEY, chain_leaks, hits, wrapper_for

REDIRECTS = [301, 302, 303, 307, 308]
SECRET_PATH = "/collect/k3y-sink"
SECRET_QUERY = "session=t0ken-in-url"


def _elsewhere(serve: Serve) -> HostileServer:
    """The host a redirect points at; it answers like Billbee would, to tempt a client."""

    def answer(exchange: Exchange) -> None:
        exchange.reply(json_body={"ErrorCode": 0, "Data": {"Sku": "X", "NewQuantity": 1}})

    return serve(answer)


def _redirecting(serve: Serve, status: int, location: str) -> HostileServer:
    def answer(exchange: Exchange) -> None:
        exchange.reply(status, headers={"Location": location})

    return serve(answer)


def _target(other: HostileServer) -> str:
    # "localhost" is another host name than 127.0.0.1: requests treats the hop as cross-host.
    return f"http://localhost:{other.port}{SECRET_PATH}?{SECRET_QUERY}"


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_redirected_read_raises_and_sends_nothing_on(serve: Serve, status: int) -> None:
    other = _elsewhere(serve)
    billbee = _redirecting(serve, status, _target(other))

    with pytest.raises(BillbeeRedirectError) as info:
        wrapper_for(billbee, max_retries=3).get_order_states()

    text = str(info.value)
    assert f"HTTP {status}" in text and "localhost" in text
    assert SECRET_PATH not in text and SECRET_QUERY not in text  # the host, not the URL
    assert info.value.status_code == status and info.value.location_host == "localhost"
    assert other.received == []
    assert len(billbee.received) == 1  # a redirect is not retried either


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_redirected_stock_update_is_not_resent_and_not_reported_as_done(
    serve: Serve, status: int
) -> None:
    other = _elsewhere(serve)
    billbee = _redirecting(serve, status, _target(other))
    tool = BillbeeUpdateStockTool(api_wrapper=wrapper_for(billbee))

    message = call(tool, {"sku": "KR-01-250", "new_quantity": 40})

    assert message.status == "error"
    assert f"HTTP {status}" in message.content and "localhost" in message.content
    assert other.received == []
    assert [r.path for r in billbee.received] == ["/products/updatestock"]


def test_a_relative_redirect_names_billbees_own_host(serve: Serve) -> None:
    billbee = _redirecting(serve, 302, "/api/v2/orders")

    with pytest.raises(BillbeeRedirectError) as info:
        wrapper_for(billbee).get_order_states()

    assert info.value.location_host == "127.0.0.1"
    assert len(billbee.received) == 1


def test_a_redirect_without_location_is_still_refused(serve: Serve) -> None:
    billbee = serve(lambda exchange: exchange.reply(302))

    with pytest.raises(BillbeeRedirectError) as info:
        wrapper_for(billbee).get_order_states()

    assert "HTTP 302" in str(info.value) and info.value.location_host is None


def _raised(call: Any) -> BillbeeError:
    # No credential in this frame: the chain scan below reads every frame's locals.
    try:
        call()
    except BillbeeError as err:
        return err
    raise AssertionError("no error raised")


def test_a_redirect_loop_leaves_no_credential_in_the_exception_chain(serve: Serve) -> None:
    def loop(exchange: Exchange) -> None:
        exchange.reply(307, headers={"Location": exchange.request.target})

    billbee = serve(loop)

    error = _raised(wrapper_for(billbee, max_retries=3).get_order_states)

    leaks, frames = chain_leaks(error)
    assert frames > 0 and leaks == []
    assert hits(repr(error)) == [] and API_KEY not in str(vars(error))
