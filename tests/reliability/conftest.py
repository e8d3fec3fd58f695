"""Fixtures for the reliability suite (helpers live in ``_support``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from langchain_billbee._throttle import reset_registry
from tests.reliability._support import FakeTime


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    """Process-wide limiters and caches must not leak between tests (same credentials)."""
    reset_registry()
    yield
    reset_registry()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()
