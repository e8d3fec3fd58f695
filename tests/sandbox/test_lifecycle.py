"""Determinism, start-up, the command line and the Python API of BillbeeSandbox."""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time

import pytest
import requests

from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.sandbox.state import BillbeeBackend
from tests.sandbox._cli import CEILING, CLIRunner
from tests.sandbox._http import BillbeeHTTP

PATHS = [
    "/orders?pageSize=250&page=1",
    "/orders?pageSize=250&page=2",
    "/orders/invoices?pageSize=250&includePositions=true",
    "/customers?pageSize=250",
    "/products?pageSize=250",
    "/enums/orderstates",
]


def _snapshot(seed: int) -> dict[str, bytes]:
    with BillbeeSandbox(seed=seed, throttle=False) as sandbox:
        http = BillbeeHTTP(sandbox)
        try:
            return {path: http.get(path).content for path in PATHS}
        finally:
            http.close()


def test_same_seed_gives_the_same_bytes_and_another_seed_other_data() -> None:
    first, again, other = _snapshot(42), _snapshot(42), _snapshot(7)
    assert first == again
    for path in PATHS[:-1]:
        assert first[path] != other[path], path
    assert first["/enums/orderstates"] == other["/enums/orderstates"]


def test_reset_after_every_kind_of_write_serves_a_fresh_sandboxs_bytes(
    sandbox: BillbeeSandbox, http: BillbeeHTTP
) -> None:
    # A reset re-indexes the generated records rather than generating them again, which holds
    # only while no write changes a record in place: every write route is exercised here.
    before = {path: http.get(path).content for path in PATHS}
    unpaid = next(o for o in http.data("/orders", pageSize=250) if o["PaidAmount"] == 0)
    product = http.data("/products", pageSize=1)[0]
    http.request("PUT", f"/orders/{unpaid['BillBeeOrderId']}/orderstate", json={"NewStateId": 3})
    http.request("POST", "/products/updatestock", json={"Sku": product["SKU"], "NewQuantity": 999})
    http.request(
        "POST", "/products/updatestockmultiple",
        json=[{"Sku": product["SKU"], "NewQuantity": 998}],
    )  # fmt: skip
    written = {path: http.get(path).content for path in PATHS}
    assert [path for path in PATHS if written[path] != before[path]] == [
        "/orders?pageSize=250&page=1", "/orders/invoices?pageSize=250&includePositions=true",
        "/products?pageSize=250",
    ]  # fmt: skip

    sandbox.reset()

    assert {path: http.get(path).content for path in PATHS} == before == _snapshot(42)


def test_starts_serves_and_stops() -> None:
    started = time.perf_counter()
    sandbox = BillbeeSandbox().start()
    ready = time.perf_counter() - started
    base_url = sandbox.base_url
    try:
        response = requests.get(
            sandbox.base_url + "/enums/orderstates",
            auth=(sandbox.username, sandbox.api_password),
            headers={"X-Billbee-Api-Key": sandbox.api_key},
            timeout=10,
        )
        first_answer = time.perf_counter() - started
    finally:
        sandbox.stop()
    print(
        f"sandbox started in {ready * 1000:.1f} ms, first answer after {first_answer * 1000:.1f} ms"
    )
    assert response.status_code == 200
    assert base_url.startswith("http://127.0.0.1:")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(base_url + "/orders", timeout=2)


def test_python_api_surface() -> None:
    with BillbeeSandbox(seed=3, port=0) as sandbox:
        assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}/api/v1"
        assert (sandbox.username, sandbox.api_password, sandbox.api_key) == (
            "sandbox@example.com",
            "sandbox-api-password",
            "sandbox-api-key",
        )
        assert sandbox.state.get_orders(page_size=1).total_rows >= 200
        assert sandbox.stats.as_dict()["requests"] == 0
        assert "127.0.0.1" in repr(sandbox)
    assert "not running" in repr(sandbox)
    with pytest.raises(RuntimeError):
        _ = sandbox.base_url


def test_command_line_prints_url_and_credentials_and_stops_on_ctrl_c(
    sandbox_cli: CLIRunner,
) -> None:
    with sandbox_cli("--port", "0", "--seed", "5", "--no-throttle") as cli:
        assert cli.get("/orders").status_code == 200


def test_ctrl_c_stops_the_command_line_started_with_sigint_ignored(
    sandbox_cli: CLIRunner,
) -> None:
    # A shell ignores SIGINT for a command it starts in the background; `exec` keeps that.
    # The wait of the runner's exit fails if the signal does nothing.
    sandbox = f"{shlex.quote(sys.executable)} -m langchain_billbee.sandbox --port 0"
    command = f"trap '' INT; exec {sandbox}"
    with sandbox_cli(shell_command=command) as cli:
        assert cli.get("/orders").status_code == 200


def test_ctrl_c_while_the_banner_prints_stops_cleanly(sandbox_cli: CLIRunner) -> None:
    process = sandbox_cli.spawn("--port", "0")
    assert process.stdout is not None
    process.stdout.readline()  # the first banner line: the sandbox serves, more is printing
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=CEILING) == 0, process.stderr.read() if process.stderr else ""


def test_records_changed_in_place_through_data_are_generated_again_on_reset() -> None:
    # Tests plant hostile text by editing ``state.data`` in place; a reset must not keep it,
    # even when that access is what generated the data.
    backend = BillbeeBackend()
    order = backend.data.orders[0]
    original = order["Customer"]["Name"]
    order["Customer"]["Name"] = "planted"
    assert backend.get_order(order["BillBeeOrderId"])["Customer"]["Name"] == "planted"

    backend.reset()

    assert backend.get_order(order["BillBeeOrderId"])["Customer"]["Name"] == original != "planted"
