"""Re-run the notebooks top to bottom and store their outputs, stable from run to run.

    python notebooks/refresh_outputs.py            # rewrite every notebook's outputs in place
    python notebooks/refresh_outputs.py --check    # only report notebooks whose text is stale

The test suite executes the notebooks (nbmake) but never writes them back; run this after
changing what the tools print or what the sandbox serves, so the committed outputs match what a
reader gets. Unlike ``jupyter nbconvert --execute`` or ``pytest --nbmake --overwrite`` it drops
per-cell execution timestamps and the kernel's version details, so an unchanged notebook stays
byte for byte unchanged. ``--check`` compares text outputs only (a chart's PNG bytes vary with
the matplotlib and FreeType versions).
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def execute(notebook: Any) -> Any:
    """A copy of ``notebook`` run in a fresh python3 kernel, cwd = this folder."""
    executed = copy.deepcopy(notebook)
    client = NotebookClient(
        executed, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    )
    client.execute()
    executed.metadata["language_info"] = {"name": "python"}
    for cell in executed.cells:
        cell.metadata.pop("execution", None)
    return executed


def text_outputs(notebook: Any) -> list[Any]:
    """Each code cell's execution count and outputs, without image data."""
    seen = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            output = copy.deepcopy(output)
            output.get("data", {}).pop("image/png", None)
            outputs.append(output)
        seen.append((cell.execution_count, outputs))
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale notebooks, write none")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every *.ipynb here")
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks or sorted(HERE.glob("*.ipynb")):
        committed = nbformat.read(path, as_version=4)
        executed = execute(committed)
        if text_outputs(executed) != text_outputs(committed):
            stale.append(path.name)
        if not args.check:
            nbformat.write(executed, path)
            print(f"refreshed {path.name}")
    if args.check and stale:
        print(f"stale outputs: {', '.join(stale)}; run python {Path(__file__).name}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
