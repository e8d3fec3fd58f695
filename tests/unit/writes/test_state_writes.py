"""Order-state writes: what the audit record knows, what a dry run sends (nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee import BillbeeConfigurationError
from langchain_billbee._write_audit import ensure_may_send
from langchain_billbee._write_context import ToolRun, tool_run
from tests.unit.core.fakes import Reply, ScriptedAdapter, make_api
from tests.unit.writes._fakes import ORDER_ID, order_reply


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_write_after_a_read_records_the_number_and_the_old_state(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(order_reply(1), Reply(200, body=b""))
    api = make_api(adapter, audit_log=tmp_path / "audit.jsonl")
    api.get_order(ORDER_ID)  # as the approval preview does
    run = ToolRun("billbee_update_order_state", "run-1", "parent-1", "call-7")
    with tool_run(run):
        change = api.update_order_state(ORDER_ID, 3)
    assert (change.order_number, change.old_state, change.new_state) == ("15-95563-59200", 1, 3)
    assert [r.method for r in adapter.requests] == ["GET", "PUT"]  # no second read
    (line,) = audit_lines(tmp_path / "audit.jsonl")
    assert line["record"] == {"BillBeeOrderId": ORDER_ID, "OrderNumber": "15-95563-59200"}
    assert line["before"] == {"State": 1} and line["after"] == {"State": 3}
    assert line["before_read_at"].endswith("Z")  # from the earlier read, not from the PUT
    assert (line["outcome"], line["attempts"], line["dry_run"]) == ("done", 1, False)
    assert (line["tool"], line["run_id"], line["tool_call_id"]) == (
        "billbee_update_order_state", "run-1", "call-7",
    )  # fmt: skip
    assert "Anna" not in json.dumps(line) and "anna@example.com" not in json.dumps(line)


def test_a_lookup_by_order_number_counts_as_the_read(tmp_path: Path) -> None:
    # "Mark order 15-95563-59200 as paid": the agent finds the order by its number, then writes.
    adapter = ScriptedAdapter(order_reply(1), Reply(200, body=b""))
    api = make_api(adapter, audit_log=tmp_path / "audit.jsonl")
    api.get_order_by_number("15-95563-59200")
    change = api.update_order_state(ORDER_ID, 3)
    assert (change.order_number, change.old_state) == ("15-95563-59200", 1)
    assert [r.method for r in adapter.requests] == ["GET", "PUT"]
    (line,) = audit_lines(tmp_path / "audit.jsonl")
    assert line["record"]["OrderNumber"] == "15-95563-59200" and line["before"] == {"State": 1}


def test_a_write_without_a_read_records_what_it_knows(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(Reply(200, body=b""))
    api = make_api(adapter, audit_log=tmp_path / "audit.jsonl")
    api.update_order_state(ORDER_ID, 3)
    (line,) = audit_lines(tmp_path / "audit.jsonl")
    assert line["record"] == {"BillBeeOrderId": ORDER_ID, "OrderNumber": None}
    assert line["before"] is None and line["tool"] == "BillbeeAPIWrapper.update_order_state"


def test_a_refused_write_is_recorded_as_refused(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(Reply(404))
    api = make_api(adapter, audit_log=tmp_path / "audit.jsonl")
    with pytest.raises(Exception, match="404"):
        api.update_order_state(ORDER_ID, 3)
    (line,) = audit_lines(tmp_path / "audit.jsonl")
    assert (line["outcome"], line["reason"], line["after"]) == (
        "refused", "BillbeeNotFoundError HTTP 404", None,
    )  # fmt: skip


def test_a_timed_out_write_may_have_landed(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(Reply(503), Reply(503))
    api = make_api(adapter, max_retries=1, audit_log=tmp_path / "audit.jsonl")
    with pytest.raises(Exception, match="503"):
        api.update_order_state(ORDER_ID, 3)
    (line,) = audit_lines(tmp_path / "audit.jsonl")
    assert (line["outcome"], line["attempts"]) == ("may_have_landed", 2)


def test_dry_run_reads_and_sends_no_write(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(order_reply(1))
    api = make_api(adapter, dry_run=True, audit_log=tmp_path / "audit.jsonl")
    change = api.update_order_state(ORDER_ID, 3)
    assert [r.method for r in adapter.requests] == ["GET"]
    assert (change.dry_run, change.old_state, change.new_state) == (True, 1, 3)
    (line,) = audit_lines(tmp_path / "audit.jsonl")
    assert (line["outcome"], line["dry_run"], line["attempts"]) == ("not_sent", True, 0)
    assert line["before"]["State"] == 1 and line["after"] == {"State": 3}


def test_a_dry_run_wrapper_refuses_any_write_path() -> None:
    api = make_api(ScriptedAdapter(), dry_run=True)
    with pytest.raises(BillbeeConfigurationError, match="dry run"):
        ensure_may_send(api, "POST", "/products/updatestock")
