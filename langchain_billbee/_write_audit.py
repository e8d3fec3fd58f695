"""What every write procedure shares: the audit record it emits and how an error is judged.

Kept apart from the procedures so the order-state and stock writes read as their steps only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_billbee._errors import (
    BillbeeConfigurationError,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeServerError,
)
from langchain_billbee._write_context import current_tool_run
from langchain_billbee.audit import AuditRecord, Outcome, emit

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["DRY_RUN_REFUSAL", "audit", "ensure_may_send", "error_reason", "outcome_of"]

DRY_RUN_REFUSAL = "dry run: this wrapper sends no writes to Billbee"


def ensure_may_send(api: BillbeeAPIWrapper, method: str, path: str) -> None:
    """The last check before a write leaves: a dry-run wrapper never sends one, whatever path
    led here."""
    if api.dry_run:
        raise BillbeeConfigurationError(
            message=f"Not sent: {method} {path} ({DRY_RUN_REFUSAL}).", method=method, path=path
        )


def outcome_of(error: BillbeeError) -> Outcome:
    """How a failed write request ended for the record it addressed.

    A server error, a timeout or a lost connection can come after Billbee applied the write;
    any other error is an answer refusing it (or a refusal before sending).
    """
    if getattr(error, "sent", None) is False:
        return "failed"
    if isinstance(error, (BillbeeServerError, BillbeeConnectionError)):
        return "may_have_landed"
    return "refused"


def error_reason(error: BillbeeError) -> str:
    """The error's kind and status, without Billbee's text (which may quote record data)."""
    status = f" HTTP {error.status_code}" if error.status_code else ""
    return f"{type(error).__name__}{status}"


def audit(
    api: BillbeeAPIWrapper,
    *,
    method: str,
    operation: str,
    record: dict[str, Any],
    requested: dict[str, Any],
    outcome: Outcome,
    before: dict[str, Any] | None = None,
    before_read_at: str | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    attempts: int = 0,
    batch: dict[str, Any] | None = None,
) -> None:
    """Emit one audit record for a write attempt made through ``api``."""
    run = current_tool_run()
    emit(
        AuditRecord(
            tool=run.tool or f"BillbeeAPIWrapper.{method}",
            operation=operation,
            record=record,
            requested=requested,
            before=before,
            before_read_at=before_read_at,
            after=after,
            outcome=outcome,
            reason=reason,
            attempts=attempts,
            dry_run=api.dry_run,
            run_id=run.run_id,
            parent_run_id=run.parent_run_id,
            tool_call_id=run.tool_call_id,
            batch=batch,
        ),
        api.audit_log,
    )
