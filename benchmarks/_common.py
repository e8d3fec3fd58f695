"""What every benchmark shares: bare HTTP calls to a sandbox, and small statistics.

The bare calls are the "no library" side of each comparison: a ``requests`` call carrying
Billbee's two credentials and nothing else, exactly what a hand-written tool would send.
"""

from __future__ import annotations

import base64
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

import requests

from langchain_billbee.sandbox import BillbeeSandbox

__all__ = ["bare_get", "bare_headers", "median_ms", "ratio", "sandbox_wrapper"]

from langchain_billbee._client import BillbeeAPIWrapper


def bare_headers(sandbox: BillbeeSandbox) -> dict[str, str]:
    """Billbee's auth headers for a bare ``requests`` call (Basic + API key)."""
    pair = f"{sandbox.username}:{sandbox.api_password}".encode()
    return {
        "Authorization": "Basic " + base64.b64encode(pair).decode("ascii"),
        "X-Billbee-Api-Key": sandbox.api_key,
        "Accept": "application/json",
    }


def bare_get(
    session: requests.Session,
    sandbox: BillbeeSandbox,
    path: str,
    params: Mapping[str, Any] | None = None,
) -> requests.Response:
    """One GET with no limiter, no retry, no parsing."""
    return session.get(
        sandbox.base_url + path, params=params, headers=bare_headers(sandbox), timeout=30
    )


def sandbox_wrapper(sandbox: BillbeeSandbox, **overrides: Any) -> BillbeeAPIWrapper:
    """A wrapper for the sandbox with the limiter off unless the caller turns it on."""
    settings: dict[str, Any] = {"requests_per_second": None, **overrides}
    return sandbox.api_wrapper(**settings)


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000.0


def ratio(value: float, reference: float) -> float:
    return value / reference if reference > 0 else float("inf")
