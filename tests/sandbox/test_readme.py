"""Every code block of the README runs here, as written.

Python blocks run in order in one namespace against the sandbox, with the ``BILLBEE_*``
variables pointing at it and ``init_chat_model`` answering with the demo's scripted planner
(there is no LLM key offline). Shell blocks run in a subprocess. The two set-up commands are
proven elsewhere: the test command by CI itself (``.ci/run`` reads it out of the README) and
the demo by ``test_demo_command_runs``.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee.demo.scripted_model import ScriptedBillbeeModel
from langchain_billbee.sandbox import ANCHOR, BillbeeSandbox
from tests.conftest import REPO_ROOT
from tests.sandbox._cli import SHELL_ENV, CLIRunner, export_sandbox_credentials, free_port

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
# A row of the benchmark table: "| 1 throttle      | wrapper, 8 threads | ...".
BENCH_ROW = re.compile(r"\| \d ")
BLOCK = re.compile(
    r"<!-- (readme-test: [\w-]+|test-command|demo-command) -->\n```(\w+)\n(.*?)```", re.S
)


def _blocks() -> dict[str, tuple[str, str]]:
    return {
        m.group(1).removeprefix("readme-test: "): (m.group(2), m.group(3))
        for m in BLOCK.finditer(README)
    }


def test_every_code_block_is_claimed_by_a_test() -> None:
    fences = len(re.findall(r"^```\w+$", README, re.M))
    assert fences == len(_blocks()), "a README code block has no <!-- readme-test --> marker"
    assert set(_blocks()) == {
        "demo-command",
        "test-command",
        "credentials",
        "quickstart",
        "direct",
        "approval",
        "safety",
        "sandbox",
        "sandbox-cli",
        "rerecord",
        "bench",
        "mcp-config",  # these two: tests/mcp/test_readme.py
        "mcp-sandbox",
        "workers",
        "accounts",
    }


def test_ci_runs_the_readme_test_command() -> None:
    assert "<!-- test-command -->" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert (
        _blocks()["test-command"][1].strip()
        == 'python -m pip install -e ".[test]" && python -m pytest -n 4'
    )


def test_credentials_block_sets_the_three_variables() -> None:
    script = _blocks()["credentials"][1] + 'env | grep "^BILLBEE_" | cut -d= -f1 | sort\n'
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["BILLBEE_API_KEY", "BILLBEE_API_PASSWORD", "BILLBEE_USERNAME"]


@pytest.mark.slow
def test_python_blocks_run_against_the_sandbox(
    sandbox: BillbeeSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    export_sandbox_credentials(monkeypatch, sandbox)
    scripted = ScriptedBillbeeModel(today=ANCHOR.date())
    monkeypatch.setattr("langchain.chat_models.init_chat_model", lambda *a, **k: scripted)

    namespace: dict[str, Any] = {}
    outputs = {}
    monkeypatch.chdir(tmp_path)  # the safety block writes its audit log to the working directory
    for name in ("quickstart", "direct", "approval", "safety"):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(_blocks()[name][1], f"README:{name}", "exec"), namespace)
        outputs[name] = buffer.getvalue()

    assert "Zahlung_erhalten" in outputs["quickstart"] or "paid" in outputs["quickstart"]
    assert "orders 1–5 of" in outputs["direct"]
    assert outputs["direct"].strip().endswith("5")
    assert "billbee_update_order_state" in outputs["approval"]
    approved = sandbox.state.get_order(namespace["order_id"])
    assert approved["State"] == 3
    # Each printed line is followed by the README's comment showing it; they must agree.
    shown = _commented_outputs(_blocks()["safety"][1])
    assert [" ".join(line.split()) for line in outputs["safety"].splitlines()] == shown
    assert sandbox.state.get_product("KR-01-250", "sku")["StockCurrent"] == 0  # dry run


def _commented_outputs(code: str) -> list[str]:
    """The outputs a README block states in comments: ``# line`` and its ``#   continuation``."""
    shown: list[str] = []
    for line in code.splitlines():
        if line.startswith("#   "):
            shown[-1] += " " + line[4:].strip()
        elif line.startswith("# "):
            shown.append(line[2:].strip())
    return shown


def test_workers_block_shares_the_budget_through_redis() -> None:
    check = (
        f"{sys.executable} -c 'from langchain_billbee import BillbeeAPIWrapper as W; "
        'print(W(username="u", api_password="p", api_key="k").rate_limit_url is not None)\''
    )
    script = _blocks()["workers"][1] + check + "\n"
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]


def test_accounts_block_serves_two_shops(monkeypatch: pytest.MonkeyPatch) -> None:
    scripted = ScriptedBillbeeModel(today=ANCHOR.date())
    monkeypatch.setattr("langchain.chat_models.init_chat_model", lambda *a, **k: scripted)
    with (
        BillbeeSandbox(seed=42, throttle=False, api_key="north-key") as north,
        BillbeeSandbox(seed=7, throttle=False, api_key="south-key") as south,
    ):
        secrets = {
            name: {"username": sb.username, "api_password": sb.api_password,
                   "api_key": sb.api_key, "base_url": sb.base_url}
            for name, sb in (("north", north), ("south", south))
        }  # fmt: skip
        monkeypatch.setenv("BILLBEE_ACCOUNTS", json.dumps(secrets))
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(_blocks()["accounts"][1], "README:accounts", "exec"), {})
        assert north.stats.requests > 0 and south.stats.requests > 0
    lines = buffer.getvalue().splitlines()
    assert [line.split()[0] for line in lines if line.split()[:1] in (["north"], ["south"])] == [
        "north",
        "south",
    ]


def test_sandbox_block_runs() -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(_blocks()["sandbox"][1], "README:sandbox", "exec"), {})
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "17 Zahlung_erhalten"
    total_rows, retries = lines[1].split()
    assert int(total_rows) > 200 and int(retries) == 1


def test_sandbox_cli_block_serves_and_prints_credentials(sandbox_cli: CLIRunner) -> None:
    # The README's port may be taken on this machine (by a sandbox started from the README):
    # the block runs as written on a free port instead.
    port = free_port()
    command = _blocks()["sandbox-cli"][1].strip().replace("--port 8765", f"--port {port}")
    assert f"--port {port}" in command
    with sandbox_cli(shell_command=command) as cli:
        assert cli.settings["BILLBEE_BASE_URL"] == f"http://127.0.0.1:{port}/api/v1"
        assert "BILLBEE_API_KEY" in cli.settings
        assert cli.get("/enums/orderstates").status_code == 200


# Re-recorded by the README's command: one tool's suite proves the command records clean
# cassettes where BILLBEE_CASSETTE_DIR says (all of them take 20 s at the sandbox's 2/s);
# test_cassettes.py records and scans every kind of request in-process.
RERECORD_SAMPLE = ("TestUpdateStock",)


@pytest.mark.slow
def test_rerecord_block_records_clean_cassettes(tmp_path: Path) -> None:
    command = _blocks()["rerecord"][1].strip()
    env = {**SHELL_ENV, "BILLBEE_CASSETTE_DIR": str(tmp_path)}
    env.pop("BILLBEE_RECORD_LIVE", None)
    result = subprocess.run(
        f"{command} -q -p no:cacheprovider -k '{' or '.join(RERECORD_SAMPLE)}'",
        shell=True, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:]
    recorded = list(tmp_path.rglob("*.yaml"))
    assert {path.name.split(".")[0] for path in recorded} == set(RERECORD_SAMPLE)
    for path in recorded:
        text = path.read_text(encoding="utf-8")
        assert "sandbox-api-key" not in text and "sandbox-api-password" not in text


@pytest.mark.slow
def test_demo_command_runs() -> None:
    command = _blocks()["demo-command"][1].strip()
    # The install half is what CI's fresh venv already did; run the rest verbatim.
    run = command.split("&&", 1)[1].strip().replace("python ", f"{sys.executable} ", 1)
    result = subprocess.run(
        run, shell=True, cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sandbox" in result.stdout.lower()


def test_bench_block_prints_the_table_the_readme_quotes(
    quick_bench: subprocess.CompletedProcess[str],
) -> None:
    # The quick run is the README's command with --quick: the same rows (benchmark, subject)
    # as the full run, fewer calls; the figures are not compared anyway.
    assert _blocks()["bench"][1].strip() == "python -m benchmarks"
    result = quick_bench
    assert result.returncode == 0, result.stderr[-2000:]
    quoted_rows = [line.split("|")[1:3] for line in README.splitlines() if BENCH_ROW.match(line)]
    printed_rows = [
        line.split("|")[1:3] for line in result.stdout.splitlines() if BENCH_ROW.match(line)
    ]
    assert quoted_rows and quoted_rows == printed_rows  # the README quotes this command's rows
