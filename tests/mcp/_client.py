"""A real MCP client session on a real transport, usable from plain (sync) tests.

The SDK's transports are anyio context managers that must be entered and left in one task, so
a session lives on its own event-loop thread for as long as a test module needs it; tests hand
it coroutines. One server process then serves many tests, which keeps the tier fast.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from tests.conftest import REPO_ROOT

T = TypeVar("T")
# The server runs from this checkout with this interpreter, with no Billbee credentials around:
# --sandbox must not need any.
SERVER_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("BILLBEE_")},
    "PYTHONPATH": str(REPO_ROOT),
    "PYTHONUNBUFFERED": "1",
}
SERVER_COMMAND = [sys.executable, "-m", "langchain_billbee", "mcp"]
STARTUP_CEILING = 60.0  # seconds; generous, for a loaded machine
CALL_CEILING = 60.0

Streams = AbstractAsyncContextManager[tuple[Any, ...]]


@dataclass
class Person:
    """Answers the server's confirmation requests, in order; records what it was asked."""

    answers: list[types.ElicitResult] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    async def __call__(self, context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.asked.append(params.message)
        # Unscripted questions are declined: a test never sends a write by accident.
        return self.answers.pop(0) if self.answers else types.ElicitResult(action="decline")

    def will(self, action: str, **content: Any) -> None:
        self.answers.append(types.ElicitResult(action=action, content=content or None))  # type: ignore[arg-type]


class LiveSession:
    """An initialized ``ClientSession`` served by a background event loop."""

    def __init__(self, streams: Callable[[], Streams], person: Person | None) -> None:
        self.person = person
        self._streams = streams
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self.session: ClientSession | None = None
        self.init: types.InitializeResult | None = None
        self._thread = threading.Thread(target=self._main, name="mcp-test-client", daemon=True)

    def start(self) -> LiveSession:
        """Connect in the background (start the server, initialize); see :meth:`ready`."""
        self._thread.start()
        return self

    def ready(self) -> LiveSession:
        """Wait until the session is initialized; raise what went wrong if it failed."""
        if not self._ready.wait(STARTUP_CEILING):
            raise TimeoutError("the MCP server did not finish initializing")
        if self._failure is not None:
            raise self._failure
        return self

    def close(self) -> None:
        """End the session (and with it a stdio server); safe to call twice."""
        if self._thread.is_alive():
            self._ready.wait(STARTUP_CEILING)
            stop = self._stop
            if stop is not None:
                with suppress(RuntimeError):  # the loop already ended on its own
                    self._loop.call_soon_threadsafe(stop.set)
            self._thread.join(STARTUP_CEILING)

    def __enter__(self) -> LiveSession:
        return self.start().ready()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _main(self) -> None:
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as err:
            self._failure = err
        finally:
            self._ready.set()
            self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with self._streams() as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write, elicitation_callback=self.person) as session:
                self.init = await session.initialize()
                self.session = session
                self._ready.set()
                await self._stop.wait()

    def run(self, work: Callable[[ClientSession], Coroutine[Any, Any, T]]) -> T:
        """``await work(session)`` on the session's loop; its result or its exception."""
        assert self.session is not None
        future = asyncio.run_coroutine_threadsafe(work(self.session), self._loop)
        return future.result(CALL_CEILING)

    def call(self, name: str, args: dict[str, Any] | None = None) -> types.CallToolResult:
        return self.run(lambda s: s.call_tool(name, args or {}))

    def tools(self) -> list[types.Tool]:
        return self.run(lambda s: s.list_tools()).tools


def stdio(*flags: str, person: Person | None = None) -> LiveSession:
    """A session with ``langchain-billbee mcp FLAGS`` started by the SDK's stdio client, which
    ends the process (stdin closed, then SIGTERM, then SIGKILL) when the session closes."""
    params = StdioServerParameters(
        command=SERVER_COMMAND[0], args=[*SERVER_COMMAND[1:], *flags], env=SERVER_ENV
    )
    return LiveSession(lambda: stdio_client(params), person)


def configured(entry: dict[str, Any], person: Person | None = None) -> LiveSession:
    """A session with the server an MCP client config entry (command, args, env) describes."""
    params = StdioServerParameters(
        command=entry["command"], args=entry["args"], env=entry.get("env") or None
    )
    return LiveSession(lambda: stdio_client(params), person)


def over_http(url: str, *, token: str | None = None, person: Person | None = None) -> LiveSession:
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    @asynccontextmanager
    async def streams() -> AsyncIterator[tuple[Any, ...]]:
        async with (
            httpx.AsyncClient(headers=headers, timeout=CALL_CEILING) as client,
            streamable_http_client(url, http_client=client) as opened,
        ):
            yield opened

    return LiveSession(streams, person)


class HttpServer:
    """``langchain-billbee mcp --transport http --port 0 FLAGS`` as a subprocess, with the
    endpoint URL it announces on stderr. :meth:`close` ends it, even after a failed test."""

    def __init__(self, *flags: str, env: dict[str, str] | None = None) -> None:
        self._command = [*SERVER_COMMAND, "--transport", "http", "--port", "0", *flags]
        self._env = {**SERVER_ENV, **(env or {})}
        self._process: subprocess.Popen[str] | None = None
        self._url: str | None = None

    def start(self) -> HttpServer:
        self._process = subprocess.Popen(
            self._command,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        return self

    @property
    def url(self) -> str:
        if self._url is None:
            assert self._process is not None, "start() the server first"
            self._url = _announced_url(self._process)
        return self._url

    def close(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def http_server(*flags: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """An :class:`HttpServer` for one ``with`` block; yields its endpoint URL."""
    server = HttpServer(*flags, env=env).start()
    try:
        yield server.url
    finally:
        server.close()


def _announced_url(process: subprocess.Popen[str]) -> str:
    """The ``MCP endpoint: URL`` line from stderr; stderr is then drained in the background so
    the server never blocks on a full pipe."""
    assert process.stderr is not None
    stderr = process.stderr
    found: list[str] = []
    seen: list[str] = []
    announced = threading.Event()

    def read() -> None:
        for line in stderr:
            seen.append(line)
            if line.startswith("MCP endpoint: ") and not found:
                found.append(line.split(": ", 1)[1].strip())
                announced.set()
        announced.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + STARTUP_CEILING
    while not announced.wait(0.1) and time.monotonic() < deadline:
        pass
    if not found:
        raise AssertionError(f"the HTTP server announced no endpoint; stderr: {''.join(seen)}")
    return found[0]
