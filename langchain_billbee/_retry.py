"""Retry decisions as small pure functions, so tests need neither a server nor a clock."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from langchain_billbee._errors import (
    NOT_JSON,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeRateLimitError,
    BillbeeServerError,
    BillbeeTimeoutError,
)

__all__ = [
    "BASE_DELAY_S",
    "MAX_DELAY_S",
    "MAX_RETRY_AFTER_S",
    "NOT_JSON",
    "backoff",
    "equal_jitter",
    "parse_retry_after",
    "should_retry",
]

BASE_DELAY_S = 0.5
"""First backoff step; doubled per attempt."""

MAX_DELAY_S = 20.0
"""Ceiling of one exponential backoff step."""

MAX_RETRY_AFTER_S = 120.0
"""Longest Retry-After that holds the pace of every call of the pair (``cool_down``): Billbee's
longest documented throttle window is 60 s, so a larger value is more likely a misconfigured
proxy than a reason to stall every agent. The call that got it is bounded by its own
``call_timeout`` instead."""


def equal_jitter(delay: float) -> float:
    """Half fixed, half random: spreads retries of many clients while keeping a minimum wait."""
    return delay / 2 + random.uniform(0, delay / 2)


def should_retry(error: BillbeeError, *, attempt: int, max_retries: int, write: bool) -> bool:
    """Whether the failure of attempt number ``attempt`` (0-based) deserves another attempt.

    Retried: HTTP 429, HTTP 5xx, a success that is not JSON, and connection faults (timeouts,
    refused or dropped connections). Not retried: other 4xx (the caller's mistake), an error
    envelope (Billbee's definitive answer), a redirect, a spent time budget, and, for a write,
    a connection that dropped after the answer began: Billbee has handled that write, and
    sending it again is sending it twice.
    """
    if attempt >= max_retries or isinstance(error, BillbeeTimeoutError):
        return False
    if isinstance(error, BillbeeConnectionError):
        return not (write and error.status_code is not None)
    if isinstance(error, BillbeeRateLimitError):
        return True
    if isinstance(error, BillbeeServerError):
        return (error.status_code or 0) >= 500 or error.reason == NOT_JSON
    return False


def backoff(
    attempt: int,
    *,
    retry_after: float | None = None,
    base: float = BASE_DELAY_S,
    cap: float = MAX_DELAY_S,
    jitter: Callable[[float], float] = equal_jitter,
) -> float:
    """Seconds to wait before retry number ``attempt + 1``.

    A server-given ``Retry-After`` wins (Billbee sends it with 429), however long: the call's
    time budget decides whether it can be waited for. Otherwise exponential backoff
    ``base * 2**attempt`` capped at ``cap``, passed through ``jitter``.
    """
    if retry_after is not None:
        return retry_after
    return max(jitter(min(cap, base * (2**attempt))), 0.0)


def parse_retry_after(
    value: str | None, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
) -> float | None:
    """Seconds from a ``Retry-After`` header, or ``None`` when it gives no usable wait.

    - delta-seconds, ASCII digits (``7``; a fraction such as ``1.5`` is accepted): that many
      seconds;
    - an HTTP date: the seconds until then; a date already past means 0;
    - absent, empty, negative, not finite (``nan``, ``inf``), in another notation (``1e3``)
      or anything else: ``None``, and the wrapper backs off exponentially as if there were
      no header.
    """
    text = (value or "").strip()
    if not text:
        return None
    if _DELTA_SECONDS.fullmatch(text):
        seconds = float(text)
        return seconds if math.isfinite(seconds) else None  # 400 digits are "inf"
    if text[0].isdigit() or text[0] in "+-.":
        return None  # a number, just not one we accept (negative, nan-like, 1e3)
    return _seconds_until(text, now)


_DELTA_SECONDS = re.compile(r"[0-9]+(\.[0-9]+)?")


def _seconds_until(text: str, now: Callable[[], datetime]) -> float | None:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; "-0000" parses as naive
        when = when.replace(tzinfo=timezone.utc)
    try:
        return max((when - now()).total_seconds(), 0.0)
    except OverflowError:
        return None
