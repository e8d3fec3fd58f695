"""Fixtures for the reliability suite (helpers live in ``_support``)."""

from __future__ import annotations

import pytest

from tests.reliability._support import FakeTime


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()
