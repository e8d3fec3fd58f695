"""A server that echoes the request's credentials back: no error, chain or tool output shows
them, the base64 Basic token included.

The echo is what a misconfigured proxy or a debugging endpoint does; a hostile host would do
it on purpose, hoping the client shows the text to a model, a log or a user.
"""

from __future__ import annotations

import base64
import socket
from collections.abc import Callable
from typing import Any

import pytest

from langchain_billbee import BillbeeError, BillbeeGetOrderStatesTool
from tests.helpers import call
from tests.hostile._servers import Exchange, Serve
from tests.hostile._support import CREDENTIALS, chain_leaks, hits, wrapper_for


def _echo(exchange: Exchange) -> str:
    """Every credential the request carried, raw and decoded."""
    auth = exchange.request.header("Authorization") or ""
    decoded = base64.b64decode(auth.removeprefix("Basic ")).decode()
    return f"{auth} | {decoded} | {exchange.request.header('X-Billbee-Api-Key')}"


def _status(status: int) -> Callable[[Exchange], None]:
    def answer(exchange: Exchange) -> None:
        exchange.reply(status, json_body={"Message": f"denied for {_echo(exchange)}"})

    return answer


def _envelope(exchange: Exchange) -> None:
    text = f"bad request from {_echo(exchange)}"
    exchange.reply(json_body={"ErrorCode": 11, "ErrorMessage": text, "ErrorDescription": text})


def _not_json(exchange: Exchange) -> None:
    exchange.reply(body=f"<html>{_echo(exchange)}</html>".encode(), headers={"X-Echo": "1"})


ECHOES: dict[str, Callable[[Exchange], None]] = {
    "401": _status(401),
    "400": _status(400),
    "404": _status(404),
    "429": _status(429),
    "500": _status(500),
    "error envelope on 200": _envelope,
    "html page": _not_json,
}


def _raised(call: Callable[[], Any]) -> BillbeeError:
    try:
        call()
    except BillbeeError as err:
        return err
    raise AssertionError("no error raised")


@pytest.mark.parametrize("answer", ECHOES.values(), ids=ECHOES.keys())
def test_an_echoed_credential_is_scrubbed_from_the_error_and_its_chain(
    serve: Serve, answer: Callable[[Exchange], None]
) -> None:
    server = serve(answer)

    error = _raised(wrapper_for(server).get_order_states)

    assert hits(str(error)) == [] and hits(repr(error)) == []
    assert all(hits(str(v)) == [] for v in vars(error).values())
    leaks, frames = chain_leaks(error)
    assert frames > 0 and leaks == []


@pytest.mark.parametrize("answer", ECHOES.values(), ids=ECHOES.keys())
def test_an_echoed_credential_never_reaches_the_model(
    serve: Serve, answer: Callable[[Exchange], None]
) -> None:
    tool = BillbeeGetOrderStatesTool(api_wrapper=wrapper_for(serve(answer)))

    message = call(tool)

    assert message.status == "error"
    assert hits(str(message.content), CREDENTIALS) == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_leaves_no_credential_in_the_chain(serve: Serve) -> None:
    server = serve(_status(200))
    api = wrapper_for(server, base_url=f"http://127.0.0.1:{_free_port()}/api/v1")

    error = _raised(api.get_order_states)

    leaks, frames = chain_leaks(error)
    assert frames > 0 and leaks == []


def test_a_timed_out_read_leaves_no_credential_in_the_chain(serve: Serve) -> None:
    server = serve(lambda exchange: exchange.wait_until_stopped())

    error = _raised(wrapper_for(server, timeout=0.2).get_order_states)

    leaks, frames = chain_leaks(error)
    assert frames > 0 and leaks == []
