"""Commands that keep a core busy for half a minute and need nothing from the tests (the quick
benchmark run, mypy) start when the tests are collected and run beside them; the tests that read
their results run last.

One process starts them (the only one, or xdist's worker ``gw0``) and their output goes to
files in a directory every worker of the run shares, so a reader on any worker gets the same
single run. Only a command some selected test reads is started. The process that started one
waits for it at the end of its session (a reader elsewhere may still need it) and kills it if
the session was interrupted, so no run leaves a process behind. Which commands there are is the
root conftest's ``COMMANDS``; this module is the mechanism.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_POLL_S = 0.1


def _in_the_background() -> None:
    """In the child: on Linux, the kernel kills it if the test process dies without cleaning
    up (SIGTERM, SIGKILL), as it would have with a command run in the foreground. (It runs at
    the tests' priority: at a lower one it got only the CPU the tests left, finished last, and
    the run's end waited for it on one core.)"""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass
class Background:
    """One command, run at most once per test run; ``<name>.out``, ``.err`` and, once it has
    ended, ``.rc`` in the shared directory are its result."""

    name: str
    argv: list[str]
    cwd: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self, shared: Path) -> None:
        if self.process is not None:
            return
        with (
            (shared / f"{self.name}.out").open("wb") as out,
            (shared / f"{self.name}.err").open("wb") as err,
        ):
            self.process = subprocess.Popen(
                self.argv, cwd=self.cwd, stdout=out, stderr=err, preexec_fn=_in_the_background
            )
        threading.Thread(target=self._record_exit, args=(shared,), daemon=True).start()

    def _record_exit(self, shared: Path) -> None:
        assert self.process is not None
        returncode = self.process.wait()
        partial = shared / f"{self.name}.rc.partial"
        partial.write_text(str(returncode), encoding="utf-8")
        partial.replace(shared / f"{self.name}.rc")  # readers never see half a number

    def result(self, shared: Path, timeout: float) -> subprocess.CompletedProcess[str]:
        """Wait for the command's exit, in this process or another, and give its output."""
        rc = shared / f"{self.name}.rc"
        deadline = time.monotonic() + timeout
        while not rc.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} ({' '.join(self.argv)}) ran past {timeout} s")
            time.sleep(_POLL_S)
        stdout, stderr = (self._read(shared / f"{self.name}.{part}") for part in ("out", "err"))
        return subprocess.CompletedProcess(self.argv, int(rc.read_text()), stdout, stderr)

    def stop(self, wait: float) -> None:
        """Let a started command finish within ``wait`` seconds, else kill it."""
        if self.process is None:
            return
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @staticmethod
    def _read(path: Path) -> str:
        return path.read_bytes().decode("utf-8", errors="replace")
