"""The audit trail: one structured record for every write langchain-billbee attempts.

Each attempt to change Billbee (an order state, a stock level; every item of a stock batch)
produces one :class:`AuditRecord`, whatever its outcome, dry runs included. It is emitted on the
``langchain_billbee.audit`` logger (level INFO, the message is the JSON line, the record is
``extra={"billbee_audit": {...}}``) and, when the wrapper's ``audit_log`` names a file,
appended to that file as one JSON line.

What a record holds, and what it leaves out on purpose: ids (BillBeeOrderId and the shop's
order number, or SKU and Billbee product id), the values before and after as Billbee reported
them, the outcome and the LangChain run and tool-call ids. No credentials, no customer names,
addresses or e-mails: an audit log is kept for years and copied around, so it carries only what
identifies the record.

Reading a log::

    from langchain_billbee.audit import read_audit_log

    for record in read_audit_log("billbee-audit.jsonl"):
        print(record.time, record.tool, record.record, record.before, "→", record.after,
              record.outcome)
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from langchain_billbee._audit_file import append_line

__all__ = [
    "AUDIT_LOGGER_NAME",
    "AuditRecord",
    "Outcome",
    "emit",
    "read_audit_log",
    "utc_now",
]

AUDIT_LOGGER_NAME = "langchain_billbee.audit"
logger = logging.getLogger(AUDIT_LOGGER_NAME)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Outcome = Literal["done", "refused", "failed", "may_have_landed", "not_sent"]
"""What became of a write attempt.

- ``done``: Billbee confirmed the change.
- ``refused``: not applied; Billbee refused it (an error answer or a failed batch item), or a
  check of ours stopped it before sending (``expected_quantity`` differed, invalid data).
- ``failed``: not applied; it failed before the write could reach Billbee (the record could not
  be read, the connection was refused).
- ``may_have_landed``: sent, but Billbee did not confirm it (timeout, dropped connection, 5xx):
  check the record before repeating it.
- ``not_sent``: a dry run; ``before``/``after`` show what a real run would change.
"""


def utc_now() -> str:
    """Now in UTC, ISO 8601 with milliseconds and a ``Z``: sortable as text."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class AuditRecord(BaseModel):
    """One write attempt. Field order is the JSON line's key order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    time: str = Field(default_factory=utc_now)
    """When the attempt ended, UTC (``2026-12-01T08:30:00.123Z``)."""
    tool: str
    """The tool name (``billbee_update_stock``), or the wrapper method called directly."""
    operation: str
    """Billbee's endpoint, e.g. ``PUT /orders/{id}/orderstate``."""
    record: dict[str, Any]
    """Identity only: ``{"BillBeeOrderId", "OrderNumber"}`` or ``{"SKU", "BillbeeId"}``."""
    requested: dict[str, Any]
    """What the write asked for (``{"State": 3}``, ``{"StockCurrent": "40"}``)."""
    before: dict[str, Any] | None = None
    """Billbee's values before the write (``{"State": 1}``, ``{"StockCurrent": "12"}``)."""
    before_read_at: str | None = None
    """When ``before`` was read (UTC), if it comes from a read rather than the write's answer:
    Billbee's answer to an order-state change is empty, so the old state is the one the
    approval preview, a dry run or ``get_order`` saw."""
    after: dict[str, Any] | None = None
    """Billbee's values after it; ``None`` unless ``done`` (for ``not_sent``: what a real run
    would set)."""
    outcome: Outcome
    reason: str | None = None
    """Why it was not ``done``: the guard's finding or the error's kind and status."""
    attempts: int = 0
    """HTTP attempts of the write request itself (0 when nothing was sent)."""
    dry_run: bool = False
    run_id: str | None = None
    """The LangChain run id of the tool run, when the write came through a tool."""
    parent_run_id: str | None = None
    tool_call_id: str | None = None
    """The model's tool-call id (``ToolMessage.tool_call_id``), when present."""
    batch: dict[str, Any] | None = None
    """For an item of a stock batch: ``{"id", "index", "size"}``, shared by the batch."""

    def to_json(self) -> str:
        """The record as one JSON line (no newline), keys in field order.

        Text stays as it is, except a lone surrogate (hostile records carry them), which UTF-8
        cannot encode: it is written as its JSON escape, so the line can always be logged and
        appended, and reading it back gives the same text."""
        line = json.dumps(self.model_dump(mode="json"), ensure_ascii=False, default=str)
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def emit(record: AuditRecord, path: str | os.PathLike[str] | None = None) -> None:
    """Log ``record`` and append it to ``path`` (one line, never interleaved with another).

    A failing audit file is logged as an error, not raised: the write it records has already
    happened (or not), and raising would hide that from the agent.
    """
    line = record.to_json()
    logger.info(line, extra={"billbee_audit": record.model_dump(mode="json")})
    if path is None:
        return
    try:
        append_line(Path(path), line)
    except OSError as exc:
        logger.error("could not append to the audit log %s (%s)", path, type(exc).__name__)


def read_audit_log(path: str | os.PathLike[str]) -> Iterator[AuditRecord]:
    """The records of a JSON-lines audit file, oldest first."""
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                # json, not pydantic's parser: that one refuses the escape of a lone surrogate.
                yield AuditRecord.model_validate(json.loads(line))
