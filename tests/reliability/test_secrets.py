"""Secrets: no credential in cassettes, notebooks, logs or anything a tool returns.

Each credential is searched verbatim and inside the Basic ``Authorization`` value it travels in
(base64 of ``user:password``). The live part runs every tool, successes and failures (faults,
retries, rejected credentials), with DEBUG logging captured for every logger, and with
credentials made distinctive so a hit cannot be a coincidence.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_billbee import BillbeeAPIWrapper, BillbeeConfigurationError, BillbeeToolkit
from langchain_billbee.sandbox import BillbeeSandbox
from tests.conftest import REPO_ROOT
from tests.helpers import FakeClock
from tests.reliability._support import call, fast_wrapper, tools_by_name
from tests.tool_table import example_calls

USERNAME, PASSWORD, API_KEY = "rel-user-q7Xw@example.com", "rel-pass-Zk41vT", "rel-key-Hn93pR"
WRONG_PASSWORD = "rel-wrong-Pw58sD"
# The dummy credentials of the sandbox (cassettes, notebooks) and of cassette replay.
KNOWN_PAIRS = [
    ("sandbox@example.com", "sandbox-api-password", "sandbox-api-key"),
    ("replay@example.com", "replay-api-password", "replay-api-key"),
    (USERNAME, PASSWORD, API_KEY),
]
ENV_NAMES = ("BILLBEE_USERNAME", "BILLBEE_API_PASSWORD", "BILLBEE_API_KEY")


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def _needles() -> list[str]:
    needles: list[str] = []
    for user, password, key in KNOWN_PAIRS:
        needles += [password, key, _basic(user, password)]
    env = [os.environ.get(name, "") for name in ENV_NAMES]
    needles += [value for value in env[1:] if value]
    if env[0] and env[1]:
        needles.append(_basic(env[0], env[1]))
    return needles


def _hits(text: str, needles: list[str]) -> list[str]:
    return [needle for needle in needles if needle in text]


def _stored_files() -> list[Path]:
    cassettes = sorted((REPO_ROOT / "cassettes").rglob("*.yaml"))
    notebooks = sorted((REPO_ROOT / "notebooks").rglob("*.ipynb"))
    return cassettes + notebooks


def test_cassettes_and_notebooks_exist_to_be_scanned() -> None:
    kinds = {path.suffix for path in _stored_files()}
    assert kinds == {".yaml", ".ipynb"}


@pytest.mark.parametrize("path", _stored_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_stored_file_holds_no_credential(path: Path) -> None:
    # Usernames are left out here: a notebook may show the sandbox's dummy login on purpose.
    assert _hits(path.read_text(encoding="utf-8"), _needles()) == []


@pytest.fixture
def private_sandbox() -> Iterator[BillbeeSandbox]:
    with BillbeeSandbox(
        throttle=False, username=USERNAME, api_password=PASSWORD, api_key=API_KEY
    ) as sandbox:
        yield sandbox


def _every_call(sandbox: BillbeeSandbox) -> list[tuple[str, dict[str, Any]]]:
    """Every tool's example, then failures and the other paths through the tools."""
    order = sandbox.state.get_orders(page_size=1).items[0]
    product = sandbox.state.get_products(page_size=1).items[0]
    return [
        *example_calls(),
        ("billbee_list_orders", {"page_size": 3}),
        ("billbee_list_orders", {"customer_id": order["Customer"]["Id"]}),
        ("billbee_get_order", {"order_id": order["BillBeeOrderId"]}),
        ("billbee_get_order", {"order_id": 1}),  # 404
        ("billbee_update_order_state", {"order_id": order["BillBeeOrderId"], "new_state_id": 4}),
        ("billbee_list_products", {"page_size": 3}),
        ("billbee_list_customers", {"page_size": 3}),
        ("billbee_list_customers", {"search": "a"}),
        ("billbee_list_invoices", {"page_size": 3, "include_positions": True}),
        ("billbee_get_order_states", {}),
        ("billbee_update_stock", {"billbee_product_id": product["Id"], "new_quantity": 7}),
        ("billbee_update_stock", {"sku": "no-such-sku", "new_quantity": 1}),  # envelope error
        ("billbee_list_orders", {"page_size": 0}),  # invalid argument
    ]


def _output_text(message: ToolMessage) -> str:
    return f"{message.content}\n{json.dumps(message.artifact, default=str)}"


def test_logs_and_tool_outputs_hold_no_credential(
    private_sandbox: BillbeeSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox = private_sandbox
    caplog.set_level(logging.DEBUG)
    api = fast_wrapper(sandbox, FakeClock(), max_retries=1)
    tools = tools_by_name(api)
    outputs = [repr(api), str(api), repr(tools), api.model_dump_json()]
    for kind in ("429", "500", "drop", "malformed"):  # retries and failures get logged
        sandbox.faults.add(kind, count=2, path="/orders")
        outputs.append(_output_text(call(tools["billbee_list_orders"], {"page_size": 2})))
    for name, args in _every_call(sandbox):
        outputs.append(_output_text(call(tools[name], args)))
    rejected = fast_wrapper(sandbox, FakeClock(), api_password=WRONG_PASSWORD)
    denied = call(tools_by_name(rejected)["billbee_list_orders"], {})
    assert denied.status == "error"
    outputs += [_output_text(denied), repr(rejected)]

    needles = [*_needles(), USERNAME, WRONG_PASSWORD, _basic(USERNAME, WRONG_PASSWORD)]
    assert caplog.records, "nothing was logged: the scan would prove nothing"
    assert _hits(caplog.text, needles) == []
    assert _hits("\n".join(outputs), needles) == []


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_credentials")
def test_missing_credentials_give_one_error_naming_every_variable() -> None:
    for build in (BillbeeAPIWrapper, BillbeeToolkit):
        with pytest.raises(BillbeeConfigurationError) as caught:
            build()
        message = str(caught.value)
        assert all(name in message for name in ENV_NAMES), message


@pytest.mark.usefixtures("no_credentials")
def test_one_missing_credential_is_named_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILLBEE_USERNAME", USERNAME)
    monkeypatch.setenv("BILLBEE_API_PASSWORD", PASSWORD)
    with pytest.raises(BillbeeConfigurationError) as caught:
        BillbeeAPIWrapper()
    message = str(caught.value)
    assert "BILLBEE_API_KEY" in message
    assert "BILLBEE_USERNAME" not in message and "BILLBEE_API_PASSWORD" not in message
    assert PASSWORD not in message and USERNAME not in message
