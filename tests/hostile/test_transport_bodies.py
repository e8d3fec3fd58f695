"""What a body can do to a call: be nested too deep, be too large (or inflate), or break off.

- JSON nested deeper than 64 levels is a ``BillbeeServerError``, never a ``RecursionError``;
- a body larger than ``MAX_RESPONSE_BYTES`` (counted after decoding, so a gzip bomb counts as
  what it inflates to) fails clearly and is not read further;
- a connection that drops in the middle of a body (``IncompleteRead``, a broken chunk, a
  corrupt gzip stream) is a transient connection fault: a read is retried; a write, which
  Billbee has handled once the answer began, is not sent again and "may have landed".
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from itertools import count
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_billbee import (
    BillbeeConnectionError,
    BillbeeGetOrderStatesTool,
    BillbeeNotFoundError,
    BillbeeServerError,
    BillbeeUpdateStockTool,
)
from langchain_billbee._http import MAX_RESPONSE_BYTES
from tests.helpers import call
from tests.hostile._servers import Exchange, HostileServer, Serve
from tests.hostile._support import wrapper_for

STATES = [{"Id": 1, "Name": "Bestellt"}]
JSON = {"Content-Type": "application/json"}


def _states_call(server: HostileServer, **settings: Any) -> ToolMessage:
    tool = BillbeeGetOrderStatesTool(api_wrapper=wrapper_for(server, **settings))
    return call(tool)


# --- nesting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"Data":' + b"[" * 65 + b"]" * 65 + b"}"],
    ids=["100000 deep", "65 deep in an envelope"],
)
def test_deeply_nested_json_is_a_typed_error(serve: Serve, body: bytes) -> None:
    server = serve(lambda ex: ex.reply(body=body, headers=JSON))

    with pytest.raises(BillbeeServerError) as info:
        wrapper_for(server, max_retries=2).get_order_states()

    assert "nested deeper than 64 levels" in str(info.value)
    assert len(server.received) == 1  # the next attempt would get the same


def test_deeply_nested_json_through_a_tool_is_an_error_message(serve: Serve) -> None:
    message = _states_call(serve(lambda ex: ex.reply(body=b"[" * 100_000, headers=JSON)))

    assert message.status == "error"
    assert "nested deeper than 64 levels" in message.content


def test_a_deep_error_body_keeps_its_status_meaning(serve: Serve) -> None:
    server = serve(lambda ex: ex.reply(404, body=b"[" * 5000, headers=JSON))

    with pytest.raises(BillbeeNotFoundError):
        wrapper_for(server).get_order(42)


def test_nesting_up_to_the_limit_is_read(serve: Serve) -> None:
    deep = {"Id": 1, "Name": "Bestellt", "Extra": json.loads("[" * 60 + "]" * 60)}
    server = serve(lambda ex: ex.reply(json_body=[deep]))

    assert [s.id for s in wrapper_for(server).get_order_states()] == [1]


# --- size -------------------------------------------------------------------------------

OVER = MAX_RESPONSE_BYTES + 4 * 1024 * 1024  # 20 MB
FILLER = b'[{"Id":1,"Name":"' + b"x" * (OVER - 20) + b'"}]'


def _declared(exchange: Exchange) -> None:
    exchange.reply(body=FILLER, headers=JSON)


def _chunked(exchange: Exchange) -> None:
    exchange.head(200, {**JSON, "Transfer-Encoding": "chunked"})
    step = 1024 * 1024
    for start in range(0, len(FILLER), step):
        part = FILLER[start : start + step]
        exchange.send(f"{len(part):x}\r\n".encode() + part + b"\r\n")
    exchange.send(b"0\r\n\r\n")


def _gzip_bomb(exchange: Exchange) -> None:
    bomb = gzip.compress(FILLER, compresslevel=9)
    assert len(bomb) < 100_000  # a small answer on the wire
    exchange.reply(body=bomb, headers={**JSON, "Content-Encoding": "gzip"})


@pytest.mark.parametrize(
    "answer", [_declared, _chunked, _gzip_bomb], ids=["content-length", "chunked", "gzip bomb"]
)
def test_a_body_past_the_bound_fails_clearly_and_once(
    serve: Serve, answer: Callable[[Exchange], None]
) -> None:
    server = serve(answer)

    with pytest.raises(BillbeeServerError) as info:
        wrapper_for(server, max_retries=2).get_order_states()

    assert "larger than 16 MB" in str(info.value)
    assert len(server.received) == 1


def test_a_large_but_bounded_body_is_read(serve: Serve) -> None:
    states = [{"Id": n, "Name": "x" * 1000} for n in range(3000)]  # about 3 MB, gzipped
    body = gzip.compress(json.dumps(states).encode())
    server = serve(lambda ex: ex.reply(body=body, headers={**JSON, "Content-Encoding": "gzip"}))

    assert len(wrapper_for(server).get_order_states()) == 3000


# --- drops mid-body ---------------------------------------------------------------------

STATES_BODY = json.dumps(STATES).encode()


def _short(exchange: Exchange) -> None:
    exchange.head(200, {**JSON, "Content-Length": str(len(STATES_BODY) + 500)})
    exchange.send(STATES_BODY[:10])


def _broken_chunk(exchange: Exchange) -> None:
    exchange.head(200, {**JSON, "Transfer-Encoding": "chunked"})
    exchange.send(b'5\r\n[{"Id\r\nzz-not-hex\r\n')


def _unterminated_chunks(exchange: Exchange) -> None:
    exchange.head(200, {**JSON, "Transfer-Encoding": "chunked"})
    exchange.send(b'5\r\n[{"Id\r\n')


def _corrupt_gzip(exchange: Exchange) -> None:
    zipped = gzip.compress(STATES_BODY)
    exchange.reply(body=zipped[:12] + b"\x00garbage" + zipped[12:], headers={
        **JSON, "Content-Encoding": "gzip"})  # fmt: skip


DROPS = {
    "short content-length": _short,
    "broken chunk": _broken_chunk,
    "unterminated chunks": _unterminated_chunks,
    "corrupt gzip": _corrupt_gzip,
}


def _first_then_fine(drop: Callable[[Exchange], None]) -> Callable[[Exchange], None]:
    calls = count()

    def answer(exchange: Exchange) -> None:
        if next(calls) == 0:
            drop(exchange)
        elif exchange.request.method == "GET":
            exchange.reply(json_body=STATES)
        else:
            exchange.reply(json_body={"ErrorCode": 0, "Data": {"Sku": "KR-01-250"}})

    return answer


@pytest.mark.parametrize("drop", DROPS.values(), ids=DROPS.keys())
def test_a_read_dropped_mid_body_is_retried(serve: Serve, drop: Callable[[Exchange], None]) -> None:
    server = serve(_first_then_fine(drop))

    states = wrapper_for(server, max_retries=1, sleep=lambda s: None).get_order_states()

    assert [s.id for s in states] == [1] and len(server.received) == 2


@pytest.mark.parametrize("drop", DROPS.values(), ids=DROPS.keys())
def test_a_lasting_mid_body_drop_is_a_connection_fault(
    serve: Serve, drop: Callable[[Exchange], None]
) -> None:
    server = serve(drop)

    with pytest.raises(BillbeeConnectionError) as info:
        wrapper_for(server, max_retries=2, sleep=lambda s: None).get_order_states()
    message = _states_call(server, max_retries=0)

    assert len(server.received) == 3 + 1
    assert "dropped in the middle of the answer" in str(info.value)
    assert "dropped in the middle of the answer" in message.content
    assert "BILLBEE_BASE_URL" not in message.content


@pytest.mark.parametrize("drop", DROPS.values(), ids=DROPS.keys())
def test_a_write_dropped_mid_body_is_not_sent_again_and_may_have_landed(
    serve: Serve, drop: Callable[[Exchange], None]
) -> None:
    server = serve(_first_then_fine(drop))
    tool = BillbeeUpdateStockTool(
        api_wrapper=wrapper_for(server, max_retries=3, sleep=lambda s: None)
    )

    message = call(tool, {"sku": "KR-01-250", "new_quantity": 40})

    assert message.status == "error"
    assert "may already be applied" in message.content
    assert "BILLBEE_BASE_URL" not in message.content
    assert [r.method for r in server.received] == ["POST"]
