"""Fixtures shared by every test tier.

Sockets: pyproject's ``--allow-hosts`` lets tests reach loopback only (the sandbox);
``tests/unit`` blocks sockets entirely in its own conftest.

Throttle budgets are process-wide by design and keyed by the credentials, which every sandbox
test shares: without a fresh registry per test, one test's reads of an order count against the
next test's (Billbee's six reads per order and minute), and a test waits out a window it never
filled.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee._throttle import reset_registry
from langchain_billbee.sandbox import BillbeeSandbox
from tests._background import Background

REPO_ROOT = Path(__file__).resolve().parent.parent
# Billbee's published spec lives beside the repository, not in it.
SWAGGER = Path(
    os.environ.get("BILLBEE_SWAGGER")
    or REPO_ROOT.parent / "shared" / "billbee" / "billbee-swagger.yaml"
)
COMMANDS = {
    # The README's bench command with --quick; its table is read by the bench and README tests.
    "quick_bench": Background([sys.executable, "-m", "benchmarks", "--quick"], REPO_ROOT),
    "mypy_run": Background([sys.executable, "-m", "mypy"], REPO_ROOT),
}
"""Fixture name -> the command whose result that session fixture gives (``tests/_background``)."""


def load_billbee_spec() -> dict[str, Any]:
    """The parsed spec, or a skip naming where it was looked for."""
    if not SWAGGER.exists():
        pytest.skip(f"Billbee's Swagger spec not found at {SWAGGER} (set BILLBEE_SWAGGER)")
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the Swagger spec")
    loaded: dict[str, Any] = yaml.safe_load(SWAGGER.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(autouse=True)
def _fresh_budgets() -> Iterator[None]:
    reset_registry()
    yield
    reset_registry()


@pytest.fixture(scope="session")
def _sandbox_server() -> Iterator[BillbeeSandbox]:
    # Throttling off: tests about throttles start their own sandbox with throttle=True.
    with BillbeeSandbox(throttle=False) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(_sandbox_server: BillbeeSandbox) -> Iterator[BillbeeSandbox]:
    """A running sandbox with fresh demo data and no pending faults."""
    _sandbox_server.reset()
    yield _sandbox_server
    _sandbox_server.reset()


@pytest.fixture(scope="session")
def quick_bench() -> subprocess.CompletedProcess[str]:
    """One ``python -m benchmarks --quick`` run (the README's command with --quick), shared by
    the tests that read its table, so the benchmarks run once per session, beside the tests."""
    return COMMANDS["quick_bench"].result(timeout=300)


@pytest.fixture(scope="session")
def mypy_run() -> subprocess.CompletedProcess[str]:
    """``mypy`` with the project's settings, run beside the tests."""
    return COMMANDS["mypy_run"].result(timeout=300)


@pytest.hookimpl(trylast=True)  # after -k/-m deselection: only what will run is started
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the background commands the selected tests read, and run those tests last."""
    # Notebook items have no fixtures.
    readers = {item: set(getattr(item, "fixturenames", ())) & COMMANDS.keys() for item in items}
    for name in set().union(*readers.values()):
        COMMANDS[name].start()
    items.sort(key=lambda item: bool(readers[item]))  # stable: the rest keep their order


def pytest_sessionfinish() -> None:
    for command in COMMANDS.values():
        command.stop()
