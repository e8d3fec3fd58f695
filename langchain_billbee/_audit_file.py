"""Appending one line to a file shared by threads and processes, never interleaved.

Three things together make a line land whole: the file is opened with ``O_APPEND`` (the kernel
moves to the end for each write), the line is written with as few ``write`` calls as the
kernel allows (one, for any audit line), and an exclusive ``flock`` is held across them so a
partial write is completed before any other writer gets its turn. ``flock`` locks belong to the
open file, so threads of one process exclude each other as processes do. Where ``fcntl`` does
not exist (Windows), a process-wide lock keeps threads apart and ``O_APPEND`` is all that
separates processes.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["append_line"]

_THREADS = threading.Lock()


def append_line(path: Path, line: str) -> None:
    """Append ``line`` plus a newline to ``path``, creating it (mode 0600) if needed."""
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if fcntl is None:  # pragma: no cover - Windows
            with _THREADS:
                _write_all(fd, data)
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            _write_all(fd, data)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
