"""Helpers for the hostile tier: credentials, a wrapper aimed at a server, leak scans."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import requests

from langchain_billbee import BillbeeAPIWrapper
from tests.hostile._servers import HostileServer

# Distinctive values, so a hit in a scan cannot be a coincidence.
USERNAME = "hostile-user-Jq82@example.com"
API_PASSWORD = "hostile-pass-Vx47Lm"
API_KEY = "hostile-key-Tz19Ck"
BASIC_TOKEN = base64.b64encode(f"{USERNAME}:{API_PASSWORD}".encode()).decode()
SECRETS = (API_PASSWORD, API_KEY, BASIC_TOKEN)
"""What must never leak; the user name is personal data, scanned where the README promises."""
CREDENTIALS = (*SECRETS, USERNAME)


def wrapper_for(server: HostileServer, **overrides: Any) -> BillbeeAPIWrapper:
    """A wrapper on ``server`` with this tier's credentials, limiter off, no retries."""
    settings: dict[str, Any] = {
        "username": USERNAME,
        "api_password": API_PASSWORD,
        "api_key": API_KEY,
        "base_url": server.base_url,
        "requests_per_second": None,
        "max_retries": 0,
        "timeout": 5.0,
        **overrides,
    }
    return BillbeeAPIWrapper(**settings)


def hits(text: str, needles: tuple[str, ...] = CREDENTIALS) -> list[str]:
    return [needle for needle in needles if needle in text]


def _shown(value: object) -> list[object]:
    """What a traceback renderer expands of ``value`` beyond its repr (rich and Sentry expand
    containers and dataclasses; requests' request and response objects are where headers and
    echoed bodies live, so they are opened too, stricter than any renderer)."""
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    if isinstance(value, (requests.Request, requests.PreparedRequest, requests.Response)):
        return list(vars(value).values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    return []


def _leaks_in(value: object, depth: int, seen: set[int]) -> list[str]:
    """Credentials in ``value`` as a renderer of frame locals would show it, three levels down."""
    if id(value) in seen:
        return []
    seen.add(id(value))
    try:
        found = hits(repr(value), SECRETS)
    except Exception:  # a repr that fails shows nothing
        found = []
    if depth > 0:
        for child in _shown(value):
            found += _leaks_in(child, depth - 1, seen)
    return found


def chain_leaks(error: BaseException) -> tuple[list[str], int]:
    """Credentials anywhere in an exception's chain: each exception's text and the locals of
    every frame of every traceback along ``__cause__`` and ``__context__``. Also returns how
    many frames were scanned, so a test can show the scan saw something."""
    found: list[str] = []
    frames = 0
    pending: list[BaseException] = [error]
    visited: set[int] = set()
    while pending:
        exc = pending.pop()
        if id(exc) in visited:
            continue
        visited.add(id(exc))
        found += hits(f"{exc!s} {exc!r}", SECRETS)
        tb = exc.__traceback__
        while tb is not None:
            frames += 1
            for local in tb.tb_frame.f_locals.values():
                found += _leaks_in(local, 3, set())
            tb = tb.tb_next
        pending += [e for e in (exc.__cause__, exc.__context__) if e is not None]
    return found, frames
