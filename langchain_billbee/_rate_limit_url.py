"""``rate_limit_url`` / ``BILLBEE_RATE_LIMIT_URL``: where the shared Billbee budget lives.

Checked when the wrapper is built, like the other settings: a typo found at the first call
would read to the model like an outage. The URL may carry a Redis password, so it is a secret
and no message quotes it.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any
from urllib.parse import urlsplit

from pydantic import SecretStr

from langchain_billbee._errors import BillbeeConfigurationError

__all__ = ["RATE_LIMIT_URL_ENV", "with_rate_limit_url"]

RATE_LIMIT_URL_ENV = "BILLBEE_RATE_LIMIT_URL"
_SCHEMES = ("redis", "rediss", "unix")


def with_rate_limit_url(data: dict[str, Any]) -> dict[str, Any]:
    """Fill ``rate_limit_url`` from the environment when not passed, and check it."""
    value = data.get("rate_limit_url")
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    if text is None:
        text = os.environ.get(RATE_LIMIT_URL_ENV, "")
    text = str(text).strip()
    if not text:
        data["rate_limit_url"] = None
        return data
    _check(text)
    data["rate_limit_url"] = SecretStr(text)
    return data


def _check(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in _SCHEMES or not (parts.hostname or parts.path):
        raise BillbeeConfigurationError(
            message=f"{RATE_LIMIT_URL_ENV} (rate_limit_url) must be a Redis URL such as "
            "redis://localhost:6379/0 (or rediss://, unix:///path/to/redis.sock)."
        )
    if importlib.util.find_spec("redis") is None:
        raise BillbeeConfigurationError(
            message=f"{RATE_LIMIT_URL_ENV} (rate_limit_url) needs the Redis client: "
            "pip install 'langchain-billbee[redis]'."
        )
