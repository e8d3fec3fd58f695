"""Fixtures for the core unit tests (wrapper, limiter, models)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import load_billbee_spec
from tests.unit.core.spec import SpecRequests


@pytest.fixture(autouse=True)
def _no_billbee_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's real credentials in the shell must not leak into or change these tests.
    for var in ("BILLBEE_USERNAME", "BILLBEE_API_PASSWORD", "BILLBEE_API_KEY", "BILLBEE_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """Billbee's published spec, parsed (the spec tests skip, naming where they looked, without
    it)."""
    return load_billbee_spec()


@pytest.fixture
def checker(spec: dict[str, Any]) -> SpecRequests:
    """Checks each request the wrapper sends against the spec's declared operations."""
    return SpecRequests(spec)
