"""Fixtures for the lookup and summary tests: fresh process-wide limiters per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from langchain_billbee._throttle import reset_registry


@pytest.fixture(autouse=True)
def _fresh_limiters() -> Iterator[None]:
    reset_registry()
    yield
    reset_registry()
