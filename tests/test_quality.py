"""Lint and type checks run with the suite, so the README's one test command covers them too."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO_ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check_is_clean() -> None:
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(mypy_run: subprocess.CompletedProcess[str]) -> None:
    assert mypy_run.returncode == 0, mypy_run.stdout + mypy_run.stderr


USER_CODE = "tests/typing/user_code.py"


def test_documented_user_code_type_checks(mypy_run: subprocess.CompletedProcess[str]) -> None:
    # One of the project's mypy files, so checked in the same strict run: a second run of
    # its own would check the package and its libraries again, 27 s of CPU on a cold cache.
    files = re.search(r"^files = \[(.*)\]$", (REPO_ROOT / "pyproject.toml").read_text(), re.M)
    assert files is not None and f'"{USER_CODE}"' in files.group(1)
    assert mypy_run.returncode in (0, 1), mypy_run.stdout + mypy_run.stderr  # 2: it did not run
    assert [line for line in mypy_run.stdout.splitlines() if line.startswith(USER_CODE)] == []
