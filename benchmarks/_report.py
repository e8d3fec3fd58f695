"""Rows of the benchmark table and how they are printed.

A row states one figure, the target it is held against and whether the target was met; rows
without a target (the side-by-side baselines) say so instead of pretending to pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Row", "render_table", "verdict"]


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    benchmark: str
    subject: str
    figure: str
    target: str = ""
    met: bool | None = None  # None: a baseline or an informational figure, no target
    measured: bool = True  # False: a target this run could not measure (the figure says why)

    @property
    def status(self) -> str:
        if not self.measured:
            return "NOT MEASURED"
        if self.met is None:
            return "-"
        return "met" if self.met else "NOT MET"


def verdict(rows: Sequence[Row]) -> str:
    """One line summing up the targets: how many were met, and which were not."""
    judged = [row for row in rows if row.met is not None]
    missed = [f"{row.benchmark}: {row.subject}" for row in judged if not row.met]
    unmeasured = [f"{row.benchmark}: {row.subject}" for row in rows if not row.measured]
    summary = f"{len(judged) - len(missed)} of {len(judged)} targets met"
    if missed:
        summary += f"; not met: {'; '.join(missed)}"
    if unmeasured:
        summary += f"; not measured: {'; '.join(unmeasured)}"
    return summary


def render_table(rows: Sequence[Row]) -> str:
    """A plain-text table, Markdown-compatible so the README can quote it verbatim."""
    header = ("benchmark", "subject", "figure", "target", "status")
    cells = [header, *((r.benchmark, r.subject, r.figure, r.target, r.status) for r in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in cells[1:])])
