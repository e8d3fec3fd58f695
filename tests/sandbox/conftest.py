"""Fixtures for the sandbox's own tests (helpers live in ``_http``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import FakeClock
from tests.sandbox._cli import CLIRunner
from tests.sandbox._http import BillbeeHTTP


@pytest.fixture
def http(sandbox: Any) -> Iterator[BillbeeHTTP]:
    client = BillbeeHTTP(sandbox)
    yield client
    client.close()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox_cli() -> Iterator[CLIRunner]:
    """Runs the sandbox's command line; kills every process it started at teardown, even when
    the test failed."""
    runner = CLIRunner()
    yield runner
    runner.close()
