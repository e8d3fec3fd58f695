"""Helpers for tests that use the sandbox the way a shell user or a ``--live`` run would.

CLI runs bind free ports only, wait for what the CLI prints (with a generous ceiling) instead
of sleeping, and every process group they start is killed at teardown, whether the test
passed or failed (the ``sandbox_cli`` fixture in ``conftest.py``).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shlex
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import REPO_ROOT

# `python` in a shell command is the interpreter running the tests, as in an activated venv.
SHELL_ENV = {
    **os.environ,
    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    "PYTHONUNBUFFERED": "1",
    "PYTHONPATH": str(REPO_ROOT),
}
# Ceiling for events that take well under a second on an idle machine; a loaded CI box is slow.
CEILING = 60.0
READY_LINE = "Press Ctrl-C to stop."


def free_port() -> int:
    """A port nothing listens on right now (the kernel's pick for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class SandboxCLI:
    """What the sandbox's command line printed before serving."""

    lines: list[str]

    @property
    def settings(self) -> dict[str, str]:
        """The ``export BILLBEE_*=value`` lines, read as a shell would read them."""
        settings = {}
        for line in self.lines:
            words = shlex.split(line) if line.strip().startswith("export ") else []
            if len(words) == 2:
                name, _, value = words[1].partition("=")
                settings[name] = value
        return settings

    def get(self, path: str, **params: Any) -> requests.Response:
        """A request with the printed credentials, as a user who exported them would send."""
        settings = self.settings
        return requests.get(
            settings["BILLBEE_BASE_URL"] + path,
            params=params,
            auth=(settings["BILLBEE_USERNAME"], settings["BILLBEE_API_PASSWORD"]),
            headers={"X-Billbee-Api-Key": settings["BILLBEE_API_KEY"]},
            timeout=10,
        )


class CLIRunner:
    """Starts CLI processes in their own process groups and kills every group on close()."""

    def __init__(self) -> None:
        self._processes: list[subprocess.Popen[str]] = []

    def spawn(self, *args: str, shell_command: str | None = None) -> subprocess.Popen[str]:
        command: Any = shell_command or [sys.executable, "-m", "langchain_billbee.sandbox", *args]
        process = subprocess.Popen(
            command, shell=shell_command is not None, cwd=REPO_ROOT, env=SHELL_ENV,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        self._processes.append(process)
        return process

    @contextmanager
    def __call__(self, *args: str, shell_command: str | None = None) -> Iterator[SandboxCLI]:
        """Run the CLI, yield what it printed once it is ready, then stop it with Ctrl-C
        (checking that a direct run exits cleanly)."""
        process = self.spawn(*args, shell_command=shell_command)
        yield SandboxCLI(read_until_ready(process))
        os.killpg(process.pid, signal.SIGINT)
        status = process.wait(timeout=CEILING)
        # Through a shell, Ctrl-C also reaches the shell, whose own exit status says nothing
        # about the sandbox; run directly, the sandbox's clean exit is checked.
        assert shell_command is not None or status == 0

    def close(self) -> None:
        for process in self._processes:
            with contextlib.suppress(ProcessLookupError):  # a shell's child outlives the shell
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()


def read_until_ready(process: subprocess.Popen[str]) -> list[str]:
    """Lines printed up to the ready line; fails (naming stderr) if the process exits first
    or the ceiling passes."""
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    stdout = process.stdout

    def pump() -> None:
        for line in stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    printed: list[str] = []
    while True:
        line = lines.get(timeout=CEILING)
        if line is None:
            error = process.stderr.read() if process.stderr else ""
            raise AssertionError(f"the sandbox CLI exited early: {printed} {error[-2000:]}")
        printed.append(line)
        if line == READY_LINE:
            return printed


def export_sandbox_credentials(monkeypatch: pytest.MonkeyPatch, sandbox: Any) -> None:
    """Point ``BILLBEE_*`` at ``sandbox``, as a user with a real account would set them."""
    monkeypatch.setenv("BILLBEE_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("BILLBEE_USERNAME", sandbox.username)
    monkeypatch.setenv("BILLBEE_API_PASSWORD", sandbox.api_password)
    monkeypatch.setenv("BILLBEE_API_KEY", sandbox.api_key)
