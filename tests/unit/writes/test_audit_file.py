"""The audit record and file: one whole JSON line per write, across threads and processes."""

from __future__ import annotations

import json
import logging
import multiprocessing
import threading
from pathlib import Path

import pytest

from langchain_billbee.audit import AUDIT_LOGGER_NAME, AuditRecord, emit, read_audit_log

# Longer than PIPE_BUF (4 KiB) and than one write of most pipes: without the lock, lines of
# this size are where interleaving shows first.
_PADDING = "x" * 6000


def _record(writer: int, n: int) -> AuditRecord:
    return AuditRecord(
        tool="billbee_update_stock",
        operation="POST /products/updatestockmultiple",
        record={"SKU": f"W{writer}-{n}", "BillbeeId": n, "StockId": None},
        requested={"StockCurrent": "40"},
        outcome="done",
        reason=_PADDING,
    )


def _write_many(path: str, writer: int, count: int) -> None:
    for n in range(count):
        emit(_record(writer, n), path)


def _assert_whole_lines(path: Path, writers: int, count: int) -> None:
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""  # every record ends its line
    records = [json.loads(line) for line in lines[:-1]]  # a torn line would not parse
    assert len(records) == writers * count
    assert {r["record"]["SKU"] for r in records} == {
        f"W{w}-{n}" for w in range(writers) for n in range(count)
    }


def test_record_is_one_json_line_in_field_order() -> None:
    line = _record(1, 2).to_json()
    assert "\n" not in line
    keys = list(json.loads(line))
    assert keys[:6] == ["time", "tool", "operation", "record", "requested", "before"]
    assert json.loads(line)["time"].endswith("Z")


def test_a_lone_surrogate_from_a_hostile_record_is_appended_and_reads_back(
    tmp_path: Path,
) -> None:
    # UTF-8 cannot encode a lone surrogate; written raw, the append raised after the write.
    path = tmp_path / "audit.jsonl"
    record = _record(0, 1).model_copy(update={"record": {"SKU": "Anna\ud800", "BillbeeId": 1}})
    emit(record, path)
    assert path.read_bytes().decode("utf-8").count("\\ud800") == 1
    assert [r.record["SKU"] for r in read_audit_log(path)] == ["Anna\ud800"]


def test_emit_logs_on_the_audit_logger_and_appends(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "audit.jsonl"
    with caplog.at_level(logging.INFO, logger=AUDIT_LOGGER_NAME):
        emit(_record(0, 1), path)
        emit(_record(0, 2), path)
    logged = [r for r in caplog.records if r.name == AUDIT_LOGGER_NAME]
    assert [r.billbee_audit["record"]["SKU"] for r in logged] == ["W0-1", "W0-2"]  # type: ignore[attr-defined]
    assert [r.record["SKU"] for r in read_audit_log(path)] == ["W0-1", "W0-2"]
    assert path.stat().st_mode & 0o777 == 0o600  # an audit file is not world-readable


def test_an_unwritable_audit_file_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger=AUDIT_LOGGER_NAME):
        emit(_record(0, 1), tmp_path / "missing-dir" / "audit.jsonl")
    assert "could not append to the audit log" in caplog.text


def test_threads_never_interleave_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    threads = [threading.Thread(target=_write_many, args=(str(path), w, 40)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    _assert_whole_lines(path, 6, 40)


def test_processes_never_interleave_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    # fork where it exists (fast); each process opens the file itself, as separate programs do.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    workers = [context.Process(target=_write_many, args=(str(path), w, 40)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    _assert_whole_lines(path, 4, 40)
