"""Fixtures for the reliability suite (helpers live in ``_support``)."""

from __future__ import annotations

import pytest

from tests.helpers import FakeClock


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A case of the slow fault waits out real client timeouts: it is marked ``waits``."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("kind") == "slow":
            item.add_marker(pytest.mark.waits)


@pytest.fixture
def fake_time() -> FakeClock:
    return FakeClock()
