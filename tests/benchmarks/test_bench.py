"""The benchmark command prints every benchmark's rows; its pure helpers do what they say.

The command runs once per session (the ``quick_bench`` fixture, also read by the README test).
No figure is asserted: timings depend on the machine, and the bench exists to print them.
"""

from __future__ import annotations

import subprocess

from benchmarks import Row, render_table, verdict
from benchmarks.content import missing_order_fields
from benchmarks.throttle import ideal_seconds


def test_quick_run_prints_every_benchmark(
    quick_bench: subprocess.CompletedProcess[str],
) -> None:
    result = quick_bench
    assert result.returncode == 0, result.stderr
    for benchmark in (
        "1 throttle",
        "2 model reads",
        "3 requests/task",
        "4 overhead",
        "5 mcp",
        "6 user words",
        "7 scale",
        "8 writes",
    ):
        assert f"| {benchmark}" in result.stdout, result.stdout
    assert "targets met" in result.stdout
    assert "Traceback" not in result.stderr
    # A request count, not a timing: paging 1,000 orders at 250 is 4 requests on any machine.
    walk = next(line for line in result.stdout.splitlines() if "fetch 1,000 orders" in line)
    cells = [cell.strip() for cell in walk.strip("| ").split("|")]
    assert cells[2:] == ["4 requests", "= ceil(1000/250) = 4", "met"], walk
    # A character count: the MCP tool list is the toolkit's schemas, not one character more.
    listed = next(line for line in result.stdout.splitlines() if "tool list: names" in line)
    assert listed.rstrip(" |").endswith("met") and "NOT MET" not in listed, listed
    # Request counts and an exactness check, not timings: the same on any machine.
    rows = {cell[1]: cell for cell in _rows(result.stdout, "6 user words")}
    assert rows["order by number, 1,000-order shop"][2].startswith("1 request;")
    summary = rows["summarize 1,000 orders by state and shop"]
    assert summary[2].startswith("4 requests;") and "counts = brute force" in summary[2]
    schemas = next(row for subject, row in rows.items() if subject.startswith("tool schemas"))
    assert schemas[4] == "met"


def _rows(table: str, benchmark: str) -> list[list[str]]:
    cells = ([c.strip() for c in line.strip("| ").split("|")] for line in table.splitlines())
    return [row for row in cells if row and row[0] == benchmark]


def test_ideal_wall_time_is_n_minus_one_intervals() -> None:
    assert ideal_seconds(40) == 19.5
    assert ideal_seconds(1) == 0.0


def test_table_and_verdict_report_unmet_targets() -> None:
    rows = [
        Row("1 x", "a", "1.00x", "<= 1.05x", True),
        Row("1 x", "b", "1.20x", "<= 1.05x", False),
        Row("1 x", "c", "2.00x", "baseline"),
    ]
    table = render_table(rows)
    assert table.splitlines()[0].startswith("| benchmark")
    assert "NOT MET" in table and "| met" in table
    assert verdict(rows) == "1 of 2 targets met; not met: 1 x: b"
    unmeasured = Row("3 y", "d", "no data", "= 4", measured=False)
    assert "NOT MEASURED" in render_table([unmeasured])
    assert verdict([unmeasured]) == "0 of 0 targets met; not measured: 3 y: d"


def test_missing_order_fields_finds_a_dropped_value() -> None:
    order = {
        "BillBeeOrderId": 7,
        "OrderNumber": "A-1",
        "State": 3,
        "Seller": {"BillbeeShopName": "Webshop"},
        "CreatedAt": "2026-11-01T10:00:00",
        "TotalCost": "12.50",
        "Currency": "EUR",
        "Customer": {"Name": "Erika Muster"},
    }
    full = "7 | A-1 | 3 Zahlung_erhalten (paid) | Webshop | 2026-11-01 | 12.50 EUR | Erika Muster"
    assert missing_order_fields(full, [order]) == []
    assert missing_order_fields(full.replace(" | Webshop", ""), [order]) == ["7: shop"]
    assert missing_order_fields("", [order]) == ["7: whole line"]
