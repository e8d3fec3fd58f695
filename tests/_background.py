"""Commands that keep one core busy for half a minute and need nothing from the tests (the
quick benchmark run, mypy) start when the tests are collected and run beside them; the tests
that read their results run last. On 2 cores the suite no longer waits for them in turn.

Only a command some selected test reads is started, and every one still running when the
session ends is killed, so a failed or interrupted run leaves no process behind. Which commands
there are is the root conftest's ``COMMANDS``; this module is the mechanism.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_the_suite() -> None:
    """In the child, on Linux: the kernel kills it if the test process dies without cleaning
    up (SIGTERM, SIGKILL), as it would have with a command run in the foreground."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass
class Background:
    """One command, started at most once per session; its output goes to temporary files (a
    pipe nobody reads until the end could fill up and stall it)."""

    argv: list[str]
    cwd: Path
    process: subprocess.Popen[bytes] | None = None
    _out: list[IO[bytes]] = field(default_factory=list)

    def start(self) -> None:
        if self.process is None:
            # Open until stop(): the command writes to them while the tests run.
            self._out = [tempfile.TemporaryFile(), tempfile.TemporaryFile()]  # noqa: SIM115
            self.process = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                stdout=self._out[0],
                stderr=self._out[1],
                preexec_fn=_die_with_the_suite,
            )

    def result(self, timeout: float) -> subprocess.CompletedProcess[str]:
        """Wait for the command (starting it if collection did not) and give its output."""
        self.start()
        assert self.process is not None
        returncode = self.process.wait(timeout)
        stdout, stderr = (self._read(f) for f in self._out)
        return subprocess.CompletedProcess(self.argv, returncode, stdout, stderr)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for f in self._out:
            f.close()

    @staticmethod
    def _read(f: IO[bytes]) -> str:
        f.seek(0)
        return f.read().decode("utf-8", errors="replace")
