"""Fixtures shared by every test tier.

Sockets: pyproject's ``--allow-hosts`` lets tests reach loopback only (the sandbox);
``tests/unit`` blocks sockets entirely in its own conftest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def _sandbox_server() -> Iterator[object]:
    from langchain_billbee.sandbox import BillbeeSandbox

    # Throttling off: tests about throttles start their own sandbox with throttle=True.
    with BillbeeSandbox(throttle=False) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(_sandbox_server: object) -> Iterator[object]:
    """A running sandbox with fresh demo data and no pending faults."""
    _sandbox_server.reset()  # type: ignore[attr-defined]
    yield _sandbox_server
    _sandbox_server.reset()  # type: ignore[attr-defined]
