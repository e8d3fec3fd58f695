"""Fixtures for the hostile tier: misbehaving servers, a wrapper aimed at one, leak checks.

Tests here play the adversary: a server that redirects, trickles, drops, inflates or echoes
credentials back; tool calls and records crafted to break the agent loop. Only loopback.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from langchain_billbee import BillbeeAPIWrapper
from tests.hostile._records import Shop
from tests.hostile._servers import HostileServer, Responder, Serve
from tests.hostile._support import wrapper_for
from tests.unit.core.conftest import _no_billbee_env

__all__ = ["_no_billbee_env"]  # a developer's Billbee variables must not reach these tests


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start a :class:`HostileServer` per call; all are stopped, even when the test fails."""
    servers: list[HostileServer] = []

    def start(responder: Responder) -> HostileServer:
        server = HostileServer(responder).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    errors = [error for server in servers for error in server.errors]
    assert not errors, f"a responder failed: {errors!r}"


@pytest.fixture
def shop(serve: Serve) -> tuple[Shop, BillbeeAPIWrapper]:
    """A loopback shop answering Billbee's routes from a table, and a wrapper aimed at it."""
    responder = Shop()
    responder.server = serve(responder)
    return responder, wrapper_for(responder.server, timeout=10.0)
