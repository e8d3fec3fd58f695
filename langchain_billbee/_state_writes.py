"""Changing an order's state: (in a dry run: read and stop), send, record.

Billbee answers the state change with an empty 200, so the order's number and the state it
replaced come from this wrapper's last read of the order (see ``_recent_reads``): the approval
preview reads it, so an approved write is recorded in full at no extra request. A dry run reads
the order itself, because showing "from … to …" is its whole point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from langchain_billbee._errors import BillbeeError
from langchain_billbee._write_audit import audit, ensure_may_send, error_reason, outcome_of
from langchain_billbee._write_context import counting_attempts

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["OrderStateChange", "change_order_state"]

OPERATION = "PUT /orders/{id}/orderstate"


class OrderStateChange(BaseModel):
    """An order's state before and after ``update_order_state`` (or, in a dry run, what it
    would become)."""

    bill_bee_order_id: int
    order_number: str | None = None
    old_state: int | None = None
    new_state: int
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return self.old_state != self.new_state


def change_order_state(
    api: BillbeeAPIWrapper, order_id: int, body: dict[str, Any]
) -> OrderStateChange:
    """``body`` is the validated ``{"NewStateId": …}`` the caller built from its schema."""
    new_state_id = int(body["NewStateId"])
    if api.dry_run:
        api.get_order(order_id)  # a failed read raises: nothing to forecast from
    seen = api._recent_orders.get(order_id)
    record: dict[str, Any] = {
        "BillBeeOrderId": order_id,
        "OrderNumber": seen.order_number if seen is not None else None,
    }
    before = {"State": seen.state} if seen is not None else None
    read_at = seen.read_at if seen is not None else None
    requested = {"State": new_state_id}
    change = OrderStateChange(
        bill_bee_order_id=order_id,
        order_number=record["OrderNumber"],
        old_state=seen.state if seen is not None else None,
        new_state=new_state_id,
        dry_run=api.dry_run,
    )

    def note(outcome: Any, **extra: Any) -> None:
        audit(api, method="update_order_state", operation=OPERATION, record=record,
              requested=requested, before=before, before_read_at=read_at, outcome=outcome,
              **extra)  # fmt: skip

    if api.dry_run:
        note("not_sent", after=requested)
        return change
    with counting_attempts() as counter:
        try:
            _send(api, order_id, body)
        except BillbeeError as err:
            note(outcome_of(err), reason=error_reason(err), attempts=counter.attempts)
            raise
    note("done", after=requested, attempts=counter.attempts)
    return change


def _send(api: BillbeeAPIWrapper, order_id: int, body: dict[str, Any]) -> None:
    path = f"/orders/{order_id}/orderstate"
    ensure_may_send(api, "PUT", path)
    try:
        api._request("PUT", path, body=body)
    finally:
        # Even a failed write may have landed; never serve a copy from before it.
        api._throttles.orders.invalidate(order_id)
        api._recent_orders.forget(order_id)
