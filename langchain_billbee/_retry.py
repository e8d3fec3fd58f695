"""Retry decisions as small pure functions, so tests need neither a server nor a clock."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

__all__ = [
    "BASE_DELAY_S",
    "MAX_DELAY_S",
    "MAX_RETRY_AFTER_S",
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
"""Longest Retry-After we honour; Billbee's longest documented throttle window is 60 s, so a
larger value is more likely a misconfigured proxy than a reason to block an agent for hours."""


def equal_jitter(delay: float) -> float:
    """Half fixed, half random: spreads retries of many clients while keeping a minimum wait."""
    return delay / 2 + random.uniform(0, delay / 2)


def should_retry(
    *,
    attempt: int,
    max_retries: int,
    status_code: int | None = None,
    transport_error: bool = False,
    malformed: bool = False,
) -> bool:
    """Whether the outcome of attempt number ``attempt`` (0-based) deserves another attempt.

    Retried: HTTP 429, HTTP 5xx, timeouts and connection errors (``transport_error``) and bodies
    that are not JSON (``malformed``, typically a proxy's error page). Other 4xx are the caller's
    mistake and fail at once.
    """
    if attempt >= max_retries:
        return False
    if transport_error or malformed:
        return True
    return status_code is not None and (status_code == 429 or status_code >= 500)


def backoff(
    attempt: int,
    *,
    retry_after: float | None = None,
    base: float = BASE_DELAY_S,
    cap: float = MAX_DELAY_S,
    jitter: Callable[[float], float] = equal_jitter,
) -> float:
    """Seconds to wait before retry number ``attempt + 1``.

    A server-given ``Retry-After`` wins (Billbee sends it with 429); otherwise exponential
    backoff ``base * 2**attempt`` capped at ``cap``, passed through ``jitter``.
    """
    if retry_after is not None:
        return min(max(retry_after, 0.0), MAX_RETRY_AFTER_S)
    return max(jitter(min(cap, base * (2**attempt))), 0.0)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date; ``None`` if absent."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(float(text), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - datetime.now(timezone.utc)).total_seconds(), 0.0)
