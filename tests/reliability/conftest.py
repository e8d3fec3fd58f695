"""Fixtures for the reliability suite (helpers live in ``_support``)."""

from __future__ import annotations

import pytest

from tests.helpers import FakeClock


@pytest.fixture
def fake_time() -> FakeClock:
    return FakeClock()
