"""Lint and type checks run with the suite, so the README's one test command covers them too."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
    result = mypy_run
    assert result.returncode == 0, result.stdout + result.stderr


# After the project's run, whose cache then holds the package and the libraries: 4 s instead
# of a second cold run's 27 s of CPU.
@pytest.mark.usefixtures("mypy_run")
def test_documented_user_code_type_checks() -> None:
    result = _run("mypy", "--strict", "tests/typing/user_code.py")
    assert result.returncode == 0, result.stdout + result.stderr
