"""Fixtures for the core unit tests (wrapper, limiter, models)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_billbee_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's real credentials in the shell must not leak into or change these tests.
    for var in ("BILLBEE_USERNAME", "BILLBEE_API_PASSWORD", "BILLBEE_API_KEY", "BILLBEE_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
