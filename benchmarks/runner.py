"""Runs the benchmarks in order and collects their rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from benchmarks import content, lookups, mcp, overhead, scale, throttle, writes
from benchmarks import tasks as demo_tasks
from benchmarks._report import Row

__all__ = ["BENCHMARKS", "run_all"]

Benchmark = Callable[..., list[Row]]

BENCHMARKS: dict[str, Benchmark] = {
    "throttle": throttle.run,
    "content": content.run,
    "tasks": demo_tasks.run,
    "overhead": overhead.run,
    "mcp": mcp.run,
    "lookups": lookups.run,
    "scale": scale.run,
    "writes": writes.run,
}


def run_all(*, quick: bool = False, only: Sequence[str] | None = None) -> list[Row]:
    """Every benchmark's rows, in table order; ``only`` picks some by name."""
    rows: list[Row] = []
    for name, benchmark in BENCHMARKS.items():
        if only and name not in only:
            continue
        rows.extend(benchmark(quick=quick))
    return rows
