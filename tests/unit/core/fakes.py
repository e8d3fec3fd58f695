"""Fakes for the core unit tests: a scripted HTTP transport and virtual clocks.

Sockets are blocked under tests/unit, so the wrapper talks to a ``requests.Session`` whose
adapter answers from a script and records every request it was handed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter

from langchain_billbee._client import BillbeeAPIWrapper
from tests.helpers import FakeClock

BASE_URL = "https://billbee.test/api/v1"
USERNAME = "shop-owner@example.com"
API_PASSWORD = "api-password-s3cret"
API_KEY = "api-key-s3cret"
SECRETS = (API_PASSWORD, API_KEY)


@dataclass
class Reply:
    """One scripted HTTP answer."""

    status: int = 200
    json_body: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def content(self) -> bytes:
        if self.body is not None:
            return self.body
        if self.json_body is None:
            return b""
        return json.dumps(self.json_body).encode()


Script = Reply | BaseException | Callable[[requests.PreparedRequest], Reply]


def envelope(data: Any, *, paging: dict[str, int] | None = None, **extra: Any) -> dict[str, Any]:
    """A Billbee success envelope as the real API shapes it."""
    out: dict[str, Any] = {}
    if paging is not None:
        out["Paging"] = paging
    out.update(ErrorMessage=None, ErrorCode=0, ErrorDescription="NoError", Data=data)
    out.update(extra)
    return out


class ScriptedAdapter(BaseAdapter):
    """Answers requests from a script (replies, exceptions or handlers) and records them."""

    def __init__(self, *script: Script, default: Script | None = None) -> None:
        super().__init__()
        self.script: list[Script] = list(script)
        self.default = default
        self.requests: list[requests.PreparedRequest] = []
        self.timeouts: list[Any] = []
        self.on_send: Callable[[requests.PreparedRequest], None] | None = None
        self._lock = threading.Lock()

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
        verify: Any = True, cert: Any = None, proxies: Any = None,
    ) -> requests.Response:  # fmt: skip
        with self._lock:
            self.requests.append(request)
            self.timeouts.append(timeout)
            item = self.script.pop(0) if self.script else self.default
        if self.on_send is not None:
            self.on_send(request)
        if item is None:
            raise AssertionError(f"unscripted request: {request.method} {request.url}")
        if isinstance(item, BaseException):
            raise item
        reply = item if isinstance(item, Reply) else item(request)
        response = requests.Response()
        response.status_code = reply.status
        response._content = reply.content()
        response.headers.update(reply.headers)
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass

    # -- helpers for assertions ---------------------------------------------------------
    def paths(self) -> list[str]:
        return [urlsplit(r.url or "").path for r in self.requests]

    def query(self, index: int = -1) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.requests[index].url or "").query)

    def json_body(self, index: int = -1) -> Any:
        body = self.requests[index].body
        assert body is not None
        return json.loads(body)


def query_of(request: requests.PreparedRequest) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(request.url or "").query))


def make_api(adapter: ScriptedAdapter, **overrides: Any) -> BillbeeAPIWrapper:
    """A wrapper on the scripted adapter, limiter off and no real sleeping unless overridden."""
    session = requests.Session()
    session.mount("https://", adapter)
    clock = overrides.pop("fake_clock", None) or FakeClock()
    settings: dict[str, Any] = {
        "username": USERNAME,
        "api_password": API_PASSWORD,
        "api_key": API_KEY,
        "base_url": BASE_URL,
        "session": session,
        "requests_per_second": None,
        "clock": clock,
        "sleep": clock.sleep,
        "jitter": lambda delay: delay,
    }
    settings.update(overrides)
    return BillbeeAPIWrapper(**settings)
