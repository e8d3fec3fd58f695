"""Unit tests never touch a socket: the wrapper logic is exercised with fake transports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_socket import disable_socket, enable_socket


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    # Unix sockets stay allowed because asyncio's event loop needs a socketpair.
    disable_socket(allow_unix_socket=True)
    yield
    enable_socket()
