"""No credential ever reaches a cassette, and replayed traffic still means something."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest
import vcr

from langchain_billbee import BillbeeAPIWrapper, BillbeeListOrdersTool
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.tools import BILLBEE_TOOLS
from tests.conftest import REPO_ROOT, load_yaml
from tests.integration.conftest import CASSETTE_ROOT, REPLAY_CREDENTIALS
from tests.tool_table import suite_name

# The committed cassettes, even while a re-recording writes elsewhere (BILLBEE_CASSETTE_DIR).
COMMITTED = REPO_ROOT / "cassettes"

SANDBOX_CREDENTIALS = ("sandbox@example.com", "sandbox-api-password", "sandbox-api-key")


def _secrets() -> list[str]:
    values = [*SANDBOX_CREDENTIALS, *REPLAY_CREDENTIALS.values()]
    values += [os.environ.get(name, "") for name in ("BILLBEE_API_PASSWORD", "BILLBEE_API_KEY")]
    return [value for value in values if value]


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def _cassettes(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def _assert_clean(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for secret in [*_secrets(), _basic(SANDBOX_CREDENTIALS[0], SANDBOX_CREDENTIALS[1])]:
        assert secret not in text, f"{path.name} contains a credential"
    assert "Basic " not in text, f"{path.name} contains a Basic auth header"
    for interaction in load_yaml(text)["interactions"]:
        headers = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
        for name in ("authorization", "x-billbee-api-key"):
            assert headers.get(name, ["REDACTED"]) == ["REDACTED"], f"{path.name}: {name}"


def test_every_tool_has_its_cassettes() -> None:
    names = {path.name for path in _cassettes(COMMITTED)}
    for tool in BILLBEE_TOOLS:
        prefix = f"{suite_name(tool)}."
        assert any(name.startswith(prefix) for name in names), f"no cassette for {tool.__name__}"


@pytest.mark.parametrize("path", _cassettes(COMMITTED), ids=lambda p: p.stem)
def test_committed_cassette_holds_no_credential(path: Path) -> None:
    _assert_clean(path)


def test_a_fresh_recording_is_filtered(tmp_path: Path, vcr_config: dict[str, Any]) -> None:
    """Record real sandbox traffic with the suite's own VCR settings, then scan it."""
    recorder = vcr.VCR(record_mode="all", **vcr_config)
    with BillbeeSandbox(throttle=False) as sandbox:
        api = sandbox.api_wrapper(requests_per_second=None)
        with recorder.use_cassette(str(tmp_path / "fresh.yaml")):
            message = BillbeeListOrdersTool(api_wrapper=api).invoke(
                {
                    "name": "billbee_list_orders",
                    "args": {"page_size": 2},
                    "id": "1",
                    "type": "tool_call",
                }
            )
    assert "orders 1–2 of" in message.content
    recorded = _cassettes(tmp_path)
    assert recorded, "nothing was recorded"
    for path in recorded:
        _assert_clean(path)


@pytest.mark.vcr(
    str(
        CASSETTE_ROOT
        / "test_tools_standard"
        / "TestListOrders.test_invoke_matches_output_schema.yaml"
    )
)
def test_replayed_orders_are_filtered_by_state(api_wrapper: BillbeeAPIWrapper) -> None:
    message = BillbeeListOrdersTool(api_wrapper=api_wrapper).invoke(
        {
            "name": "billbee_list_orders",
            "args": {"order_state_ids": [1, 2, 3], "page_size": 5},
            "id": "1",
            "type": "tool_call",
        }
    )
    assert message.status == "success"
    states = {record["State"] for record in message.artifact["Data"]}
    assert states and states <= {1, 2, 3}
    assert len(message.artifact["Data"]) == 5
