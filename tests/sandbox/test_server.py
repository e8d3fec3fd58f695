"""The server other code can trust: stop() closes every connection, idle and slow clients are cut
off, malformed requests get 400/413/431 in JSON, every method gets an answer, none a crash."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from langchain_billbee.sandbox import BillbeeSandbox
from tests.sandbox._http import BillbeeHTTP

CEILING = 30.0  # generous: the events below take well under a second on an idle machine


def _auth(sandbox: Any) -> str:
    token = base64.b64encode(f"{sandbox.username}:{sandbox.api_password}".encode()).decode()
    return f"Authorization: Basic {token}\r\nX-Billbee-Api-Key: {sandbox.api_key}\r\n"


def _raw(sandbox: Any, data: bytes, *, whole: bool = True) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes (``whole``: and nothing more), read the whole answer (the server closes
    after it)."""
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=CEILING) as conn:
        conn.sendall(data)
        # Nothing more comes: a server draining what a refused request left unread sees the
        # end at once instead of waiting out its read timeout.
        if whole:
            conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, body


def _closed_by_server(conn: socket.socket) -> bool:
    """True once the server closed ``conn`` (recv sees EOF or a reset) within the ceiling."""
    conn.settimeout(CEILING)
    try:
        return conn.recv(1024) == b""
    except ConnectionResetError:
        return True


@pytest.fixture
def short_timeout() -> Iterator[BillbeeSandbox]:
    with BillbeeSandbox(throttle=False, request_timeout=0.5) as sandbox:
        yield sandbox


@pytest.mark.waits
def test_an_idle_connection_is_closed_after_the_request_timeout(
    short_timeout: BillbeeSandbox,
) -> None:
    with socket.create_connection(("127.0.0.1", short_timeout.port)) as conn:
        started = time.monotonic()
        assert _closed_by_server(conn)
    assert time.monotonic() - started >= 0.4


@pytest.mark.waits
def test_a_trickling_client_is_cut_off_at_the_deadline(short_timeout: BillbeeSandbox) -> None:
    """A byte every 0.1 s never lets one read time out; the whole request still must arrive."""
    with socket.create_connection(("127.0.0.1", short_timeout.port)) as conn:
        started = time.monotonic()
        with pytest.raises(OSError):
            for byte in b"GET /api/v1/enums/orderstates HTTP/1.1\r\nHost: x\r\n" * 100:
                conn.send(bytes([byte]))
                time.sleep(0.1)
                if time.monotonic() - started > CEILING:
                    pytest.fail("the server kept a trickling connection open")
    assert time.monotonic() - started < CEILING


@pytest.mark.waits
def test_a_slow_body_is_408(short_timeout: BillbeeSandbox) -> None:
    request = (
        b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    status, _, body = _raw(short_timeout, request, whole=False)  # the rest never comes
    assert status == 408 and "Message" in json.loads(body)


def test_stop_closes_open_connections_and_nothing_answers_after(sandbox: Any) -> None:
    with BillbeeSandbox(throttle=False) as own:
        idle = socket.create_connection(("127.0.0.1", own.port))
        half = socket.create_connection(("127.0.0.1", own.port))
        half.sendall(b"PUT /api/v1/orders/1/orderstate HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.05)  # let the server accept both
        started = time.monotonic()
        own.stop()
        assert time.monotonic() - started < 5
        for conn in (idle, half):
            assert _closed_by_server(conn)
            conn.close()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", own.port), timeout=2).close()


@pytest.mark.waits
def test_stop_cuts_a_slow_answer_short_and_it_writes_nothing() -> None:
    with BillbeeSandbox(throttle=False) as sandbox:
        http = BillbeeHTTP(sandbox)
        order = http.data("/orders", pageSize=1)[0]
        sandbox.faults.add("slow", delay=60, path="/orders/{id}/orderstate")
        outcome: list[Any] = []

        def write() -> None:
            try:
                path = f"/orders/{order['BillBeeOrderId']}/orderstate"
                outcome.append(http.request("PUT", path, json={"NewStateId": 6}, timeout=CEILING))
            except requests.RequestException as exc:
                outcome.append(exc)

        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + CEILING
        while not sandbox.faults.served and time.monotonic() < deadline:
            time.sleep(0.01)
        sandbox.stop()
        writer.join(CEILING)
        state = sandbox.state.get_order(order["BillBeeOrderId"])["State"]
    assert isinstance(outcome[0], requests.ConnectionError)
    assert state == order["State"]  # the handler never ran after stop()


def test_a_write_begun_before_reset_leaves_the_fresh_data_alone() -> None:
    # The client gave up on a slow write; its handler must not wake up after reset() and land the
    # write in the next test's data (the sandbox fixture resets between tests).
    delay = 0.8
    with BillbeeSandbox(throttle=False) as sandbox:
        http = BillbeeHTTP(sandbox)
        order = http.data("/orders", pageSize=1)[0]
        sandbox.faults.add("slow", delay=delay, path="/orders/{id}/orderstate")
        path = f"/orders/{order['BillBeeOrderId']}/orderstate"
        with pytest.raises(requests.exceptions.ReadTimeout):
            http.request("PUT", path, json={"NewStateId": 6}, timeout=0.2)
        sandbox.reset()
        time.sleep(delay + 0.4)  # past the moment the old handler would have written
        fresh = http.data(f"/orders/{order['BillBeeOrderId']}")
        log = sandbox.requests
    assert (fresh["State"], len(fresh["History"])) == (order["State"], len(order["History"]))
    assert [entry.method for entry in log] == ["GET"]  # the reset also emptied the log


@pytest.mark.parametrize(
    ("length", "status"),
    [("abc", 400), ("-1", 400), ("1e3", 400), (str(10**12), 413), ("9" * 5000, 413)],
)
def test_a_bad_content_length_is_400_or_413(sandbox: Any, length: str, status: int) -> None:
    request = (
        f"POST /api/v1/search HTTP/1.1\r\nHost: x\r\n{_auth(sandbox)}"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{}}"
    )
    got, headers, body = _raw(sandbox, request.encode())
    assert got == status and headers["Content-Type"].startswith("application/json")
    assert "Message" in json.loads(body)


def test_a_chunked_body_over_the_limit_is_413(sandbox: Any) -> None:
    chunk = b"a" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(80))
    request = (
        (
            f"POST /api/v1/search HTTP/1.1\r\nHost: x\r\n{_auth(sandbox)}"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        ).encode()
        + chunks
        + b"0\r\n\r\n"
    )
    got, _, body = _raw(sandbox, request)
    assert got == 413 and "Message" in json.loads(body)


def test_headers_too_large_are_431_in_json(sandbox: Any) -> None:
    request = f"GET /api/v1/orders HTTP/1.1\r\nHost: x\r\nX-Big: {'a' * 70000}\r\n\r\n"
    got, headers, body = _raw(sandbox, request.encode())
    assert got == 431 and json.loads(body)["Message"]
    assert headers["Content-Type"].startswith("application/json")


def test_a_garbled_request_line_is_400_in_json(sandbox: Any) -> None:
    got, _, body = _raw(sandbox, b"\x16\x03\x01 nonsense\r\n\r\n")
    assert got == 400 and json.loads(body)["Message"]


def test_a_deeply_nested_body_to_the_admin_route_is_400(sandbox: Any) -> None:
    response = requests.post(sandbox.url + "/_sandbox/faults", data="[" * 100_000, timeout=CEILING)
    assert response.status_code == 400 and "Message" in response.json()
    assert sandbox.faults.pending == []


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "CONNECT", "FOO", "PROPFIND"])
def test_every_other_method_is_405_with_allow(http: BillbeeHTTP, method: str) -> None:
    response = http.request(method, "/orders")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, POST"
    if method != "HEAD":  # a HEAD answer has no body
        assert response.json()["Message"] == (
            f"The requested resource does not support http method '{method}'."
        )


def test_head_on_a_single_order_is_405(http: BillbeeHTTP) -> None:
    response = http.request("HEAD", "/orders/1")
    assert (response.status_code, response.headers["Allow"], response.content) == (
        405, "GET, PATCH", b"",
    )  # fmt: skip


def test_routes_ignore_case_but_values_keep_it(http: BillbeeHTTP) -> None:
    product = http.data("/products", pageSize=1)[0]
    assert http.data(f"/Products/{product['SKU']}", lookupBy="sku")["Id"] == product["Id"]
    assert http.data(f"/PRODUCTS/{product['SKU']}/", lookupBy="sku")["Id"] == product["Id"]
    response = http.get(f"/products/{product['SKU'].lower()}", params={"lookupBy": "sku"})
    assert response.status_code == 404  # SKUs are exact


def test_a_handler_bug_is_a_logged_500_not_a_dropped_connection(
    sandbox: Any, http: BillbeeHTTP, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("sandbox bug")

    monkeypatch.setattr(sandbox.state, "get_order_states", broken)
    response = http.get("/enums/orderstates")
    assert response.status_code == 500 and response.json() == {"Message": "An error has occurred."}
    assert "sandbox bug" in caplog.text
