"""What the committed notebooks carry: fresh outputs, no credentials, no machine details.

nbmake executes the notebooks themselves (``pytest --nbmake notebooks``); these checks read the
files as committed, so a notebook saved with the sandbox's credentials printed, a local path in
a traceback or a half-run kernel fails here even when it would still execute.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee.sandbox import BillbeeSandbox
from tests.conftest import REPO_ROOT

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {"billbee_toolkit.ipynb", "operations_report.ipynb", "human_approval.ipynb"}
MAX_BYTES = 60_000  # the largest holds one 80-dpi chart; a full-size figure would be ~4x

# Absolute paths of any OS, and loopback addresses with a port (the sandbox binds a random one).
MACHINE_DETAILS = re.compile(
    r"(?<![\w.])/(?:home|Users|root|tmp|work|var|opt)/|[A-Za-z]:\\\\|(?:127\.0\.0\.1|localhost):\d+"
)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _code_cells(path: Path) -> list[dict[str, Any]]:
    return [cell for cell in _load(path)["cells"] if cell["cell_type"] == "code"]


def _outputs_text(path: Path) -> str:
    return json.dumps([cell["outputs"] for cell in _code_cells(path)])


def test_the_three_notebooks_are_there() -> None:
    assert {path.name for path in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_kernel_is_plain_python3(path: Path) -> None:
    assert _load(path)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_outputs_come_from_one_clean_run(path: Path) -> None:
    cells = [cell for cell in _code_cells(path) if cell["source"]]
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run the notebook top to bottom"
    kinds = [output["output_type"] for cell in cells for output in cell["outputs"]]
    assert "error" not in kinds
    assert kinds, "outputs are committed so readers see results without running"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_credentials_anywhere(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sandbox = BillbeeSandbox()  # not started: only its default (dummy) credentials are read
    for secret in (sandbox.username, sandbox.api_password, sandbox.api_key):
        assert secret not in text
    assert "Authorization" not in _outputs_text(path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_machine_details_in_outputs(path: Path) -> None:
    found = MACHINE_DETAILS.findall(_outputs_text(path))
    assert not found, f"outputs mention {found[:3]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_committed_size_stays_small(path: Path) -> None:
    assert path.stat().st_size < MAX_BYTES
