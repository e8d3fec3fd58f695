"""Helpers for the reliability suite: fast wrappers, tools by name.

The wrapper's ``sleep`` and ``clock`` seams are replaced by the suites' one fake clock
(:class:`~tests.helpers.FakeClock`): backoff and Retry-After waits advance it instead of
blocking, so a test of four retries takes milliseconds while the delays the wrapper chose stay
observable (``fake_time.sleeps``).
Network timeouts stay real: they are short (``TIMEOUT_S``) only where a test needs them.
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool

from langchain_billbee import BillbeeAPIWrapper
from langchain_billbee.toolkit import BillbeeToolkit
from tests.helpers import FakeClock, call

__all__ = ["TIMEOUT_S", "call", "fast_wrapper", "timeout_for", "tools_by_name"]

TIMEOUT_S = 0.3
"""Client timeout for the slow-fault tests (the fault waits three times as long); other tests
keep a generous one so a busy machine cannot turn a large page into a spurious timeout. After
the faulted attempts, the answered one must arrive within it: loaded runs here have seen the
machine stall for 240 ms, so it is not 0.2 s."""

GENEROUS_TIMEOUT_S = 10.0


def timeout_for(kind: str) -> float:
    """The client timeout for a test of fault ``kind``: short only where the fault is slowness.

    On a busy machine a sandbox thread can stall past ``TIMEOUT_S``: a 500 case then ended in a
    ReadTimeout instead of the 500 it was checking.
    """
    return TIMEOUT_S if kind == "slow" else GENEROUS_TIMEOUT_S


def fast_wrapper(sandbox: Any, fake: FakeClock, **overrides: Any) -> BillbeeAPIWrapper:
    """A wrapper on ``sandbox`` with the limiter off and waits that cost no time."""
    settings: dict[str, Any] = {
        "requests_per_second": None,
        "timeout": GENEROUS_TIMEOUT_S,
        "sleep": fake.sleep,
        "clock": fake,
        **overrides,
    }
    api = sandbox.api_wrapper(**settings)
    assert isinstance(api, BillbeeAPIWrapper)
    return api


def tools_by_name(api: BillbeeAPIWrapper) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in BillbeeToolkit(api_wrapper=api).get_tools()}
