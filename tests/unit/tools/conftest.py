"""Fixtures for the tool tests: a dummy wrapper and scripted wrapper methods."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

from langchain_billbee._client import BillbeeAPIWrapper
from tests.unit.tools._helpers import FakeApi, make_wrapper


@pytest.fixture
def wrapper() -> BillbeeAPIWrapper:
    return make_wrapper()


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> FakeApi:
    """``fake_api("get_order", result=order)`` replaces that wrapper method with a mock.

    Autospec keeps the real signature, so a tool calling the wrapper with a wrong keyword
    fails here just as it would against Billbee.
    """

    def install(name: str, *, result: Any = None, error: BaseException | None = None) -> mock.Mock:
        original = getattr(BillbeeAPIWrapper, name)
        fake = mock.create_autospec(original, return_value=result, side_effect=error)
        monkeypatch.setattr(BillbeeAPIWrapper, name, fake)
        return fake

    return install
