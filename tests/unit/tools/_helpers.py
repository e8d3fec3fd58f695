"""Helpers shared by the tool tests: a wrapper that reaches nothing (``call`` is the shared one)."""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

from langchain_billbee._client import BillbeeAPIWrapper
from tests.helpers import acall, call

__all__ = [
    "API_KEY",
    "API_PASSWORD",
    "NOWHERE",
    "USERNAME",
    "FakeApi",
    "acall",
    "call",
    "make_wrapper",
]

USERNAME = "tools-test@example.com"
API_PASSWORD = "dummy-api-password-4711"
API_KEY = "dummy-api-key-0815"
NOWHERE = "https://billbee.invalid/api/v1"

FakeApi = Callable[..., mock.Mock]
"""The ``fake_api`` fixture: install a mock for one wrapper method by name."""


def make_wrapper() -> BillbeeAPIWrapper:
    """Dummy credentials, an unresolvable host, no limiter, no retries."""
    return BillbeeAPIWrapper(
        username=USERNAME,
        api_password=API_PASSWORD,
        api_key=API_KEY,
        base_url=NOWHERE,
        requests_per_second=None,
        max_retries=0,
    )
