"""A real ``redis-server`` on a free loopback port, started and stopped by the tests.

In CI (``CI=true``) a missing or failing server is a test failure, never a skip; on a
developer's machine without Redis the tests skip with the one command that installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

INSTALL = "sudo apt-get install -y redis-server"
START_TIMEOUT_S = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere, naming how to get Redis."""
    message = f"{reason}; install it with: {INSTALL}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Redis tests need redis-server in CI: {message}", pytrace=False)
    pytest.skip(message)


class RedisServer:
    """One ``redis-server`` process without persistence; ``stop``/``start`` keep the port."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server is not installed")
        self._binary = str(binary)
        self._dir = Path(tempfile.mkdtemp(prefix="lb-redis-"))
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        for _attempt in range(3):  # another process may take the free port first
            self._process = subprocess.Popen(
                [self._binary, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self._dir)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            if self._answers():
                return self
            self.stop()
            self.port = free_port()
        unavailable(f"redis-server did not start on 127.0.0.1 ({self._binary})")
        return self

    def _answers(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
