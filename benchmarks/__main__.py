"""``python -m benchmarks [--quick] [--only NAME ...]``: print the benchmark table."""

from __future__ import annotations

import argparse
import logging
import platform
import sys
import time
from collections.abc import Sequence

from benchmarks._report import render_table, verdict
from benchmarks.runner import BENCHMARKS, run_all
from langchain_billbee._version import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure langchain-billbee against the Billbee sandbox and print a table.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="few calls per benchmark (a smoke test, seconds)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these benchmarks"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Retries are expected in the baselines; their log lines would bury the table.
    logging.getLogger("langchain_billbee").setLevel(logging.WARNING)
    mode = "quick (smoke test; figures are rough)" if args.quick else "full"
    print(
        f"langchain-billbee {__version__} benchmarks, {mode} run; Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}"
    )
    start = time.perf_counter()
    rows = run_all(quick=args.quick, only=args.only)
    print(render_table(rows))
    print(f"{verdict(rows)}. Ran in {time.perf_counter() - start:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
