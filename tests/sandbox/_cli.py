"""Helpers for tests that use the sandbox the way a shell user or a ``--live`` run would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


@dataclass(frozen=True)
class SandboxCLI:
    """What ``python -m langchain_billbee.sandbox`` printed before serving."""

    lines: list[str]

    @property
    def settings(self) -> dict[str, str]:
        """The ``BILLBEE_*=value`` lines it printed for the user to export."""
        return dict(line.strip().split("=", 1) for line in self.lines if "=" in line)

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


@contextmanager
def sandbox_cli(*args: str, shell_command: str | None = None) -> Iterator[SandboxCLI]:
    """Run the sandbox's command line (with ``args``, or a README's ``shell_command``), yield what
    it printed, then stop it with Ctrl-C (checking a direct run exits cleanly)."""
    command: Any = shell_command or [sys.executable, "-m", "langchain_billbee.sandbox", *args]
    process = subprocess.Popen(
        command,
        shell=shell_command is not None,
        cwd=REPO_ROOT,
        env=SHELL_ENV,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        yield SandboxCLI([process.stdout.readline() for _ in range(6)])
        os.killpg(process.pid, signal.SIGINT)
        status = process.wait(timeout=10)
        # Through a shell, Ctrl-C also reaches the shell, whose own exit status says nothing
        # about the sandbox; run directly, the sandbox's clean exit is checked.
        assert shell_command is not None or status == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def export_sandbox_credentials(monkeypatch: pytest.MonkeyPatch, sandbox: Any) -> None:
    """Point ``BILLBEE_*`` at ``sandbox``, as a user with a real account would set them."""
    monkeypatch.setenv("BILLBEE_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("BILLBEE_USERNAME", sandbox.username)
    monkeypatch.setenv("BILLBEE_API_PASSWORD", sandbox.api_password)
    monkeypatch.setenv("BILLBEE_API_KEY", sandbox.api_key)
