"""Order states: set one order's state (a write) and read Billbee's order-state table.

Args schemas, the wrapper's state methods (``StatesAPI``), their renderers and the two tools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from langchain_core.tools import ArgsSchema
from pydantic import Field

from langchain_billbee._preview import order_label
from langchain_billbee._resource import BillbeeResource
from langchain_billbee._state_writes import OrderStateChange, change_order_state
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee._write_previews import preview_state_change
from langchain_billbee.models import OrderState
from langchain_billbee.order_states import (
    STATE_ID_HELP,
    describe_state,
    is_valid_state_id,
)
from langchain_billbee.tools._args import BODY, BillbeeId, StateId, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered, lines, list_artifact, shown, text
from langchain_billbee.tools._write_render import NOTHING_SENT
from langchain_billbee.tools.order_detail import ORDER_ID_HINT

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper


class UpdateOrderStateInput(ToolArgs):
    """Which order gets which state in billbee_update_order_state (the state goes in the body)."""

    model_config = BODY

    order_id: BillbeeId = Field(description="BillBeeOrderId of the order to change.")
    new_state_id: StateId = Field(description="The state id to set (3 = paid, 4 = shipped).")


class StatesAPI(BillbeeResource):
    """The wrapper's order-state methods (part of ``BillbeeAPIWrapper``)."""

    def update_order_state(self, order_id: int, new_state_id: int) -> OrderStateChange:
        """Set an order's state (``PUT /orders/{id}/orderstate``); Billbee syncs it to the shop.

        Sends one request. The answer and the audit record name the order's number and the
        state it had when this wrapper read the order recently (an approval preview, a dry
        run, ``get_order``); a dry run reads the order and sends nothing.
        Safe to retry: the body sets an absolute state, so sending it twice changes nothing.
        """
        if not is_valid_state_id(new_state_id):
            raise ValueError(
                f"new_state_id {new_state_id} is not a Billbee order state. {STATE_ID_HELP}"
            )
        body = wire(UpdateOrderStateInput, {"new_state_id": new_state_id})
        # The mixin only ever runs as part of BillbeeAPIWrapper, which has get_order too.
        return change_order_state(cast("BillbeeAPIWrapper", self), int(order_id), body)

    def get_order_states(self) -> list[OrderState]:
        """Billbee's order states (``GET /enums/orderstates``, a bare array)."""
        data = unwrap_data(self._request("GET", "/enums/orderstates")) or []
        return [parse_record(OrderState, item, "GET", "/enums/orderstates") for item in data]


SYNCED_STATE = (
    "Billbee passes the new state on to the connected shop or marketplace where that is configured."
)


def render_state_result(change: OrderStateChange) -> Rendered:
    order_id, new = change.bill_bee_order_id, describe_state(change.new_state)
    data: dict[str, object] = {"BillBeeOrderId": order_id, "NewStateId": change.new_state}
    if change.old_state is not None:
        data |= {"OrderNumber": change.order_number, "OldStateId": change.old_state}
    if change.dry_run:
        data["DryRun"] = True
    artifact = {"Data": data}
    label = order_label(order_id, change.order_number)
    if change.dry_run:
        old = describe_state(change.old_state) if change.old_state is not None else "-"
        if change.old_state == change.new_state:
            return f"DRY RUN — {label} is already {new}; {NOTHING_SENT}.", artifact
        return f"DRY RUN — would set {label} from {old} to {new}; {NOTHING_SENT}.", artifact
    content = f"order {order_id}: state set to {new}."
    if change.old_state is not None:
        was = "it already was" if change.old_state == change.new_state else "it was"
        content = (
            f"order {order_id}: state set to {new} ({was} {describe_state(change.old_state)}; "
            f"order no. {text(change.order_number, 40)})."
        )
    return f"{content} {SYNCED_STATE}", artifact


def render_order_states(states: Sequence[OrderState]) -> Rendered:
    # The names come from the server: sanitized like any record text.
    rows = [
        f"{s.id} {text(s.name, 40)} ({text(s.english, 40)})" for s in shown(states, paged=False)
    ]
    return lines(f"{len(states)} order states (id, Billbee name, English):", rows), list_artifact(
        states
    )


class BillbeeUpdateOrderStateTool(BillbeeBaseTool[UpdateOrderStateInput]):
    """Set an order's state; a write that Billbee pushes to the connected shop.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeUpdateOrderStateTool

            tool = BillbeeUpdateOrderStateTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({"order_id": 300000181057783, "new_state_id": 4})
            # order 300000181057783: state set to 4 Versendet (shipped). Billbee passes …

        Gate it behind human approval: ``BillbeeToolkit.interrupt_on()``.
    """

    name: str = "billbee_update_order_state"
    description: str = (
        "Set one order's state, e.g. paid (3) or shipped (4). This WRITES live data: Billbee "
        "pushes it to the connected shop or marketplace, which may notify the buyer. "
        "order_id is the BillBeeOrderId: for an order number, "
        "billbee_get_order(order_number=...) returns it in one call. Setting the current state "
        "again is harmless; other state ids: billbee_get_order_states."
    )
    args_schema: ArgsSchema | None = UpdateOrderStateInput
    access: ClassVar[Access] = "write"
    review_note: ClassVar[str] = (
        "Changes an order's state in Billbee. Billbee pushes the new state to the connected "
        "shop or marketplace, which may notify the buyer."
    )
    not_found_hint: ClassVar[str] = ORDER_ID_HINT
    verify_hint: ClassVar[str] = "the order's current state with billbee_get_order"
    # Safe: this closed order of the sandbox's default shop is in state 7 already.
    example_args: ClassVar[Mapping[str, Any]] = {"order_id": 300000180947081, "new_state_id": 7}

    @classmethod
    def preview_change(cls, api: BillbeeAPIWrapper, args: UpdateOrderStateInput) -> str:
        return preview_state_change(api, args.order_id, args.new_state_id)

    def _call(self, args: UpdateOrderStateInput) -> Rendered:
        change = self.api_wrapper.update_order_state(args.order_id, args.new_state_id)
        if not isinstance(change, OrderStateChange):  # a wrapper subclass from before 0.2
            change = OrderStateChange(bill_bee_order_id=args.order_id, new_state=args.new_state_id)
        return render_state_result(change)


class GetOrderStatesInput(ToolArgs):
    """billbee_get_order_states takes no arguments."""


class BillbeeGetOrderStatesTool(BillbeeBaseTool[GetOrderStatesInput]):
    """Billbee's order-state table as the account's API reports it.

    Setup:
        ``BILLBEE_USERNAME``, ``BILLBEE_API_PASSWORD`` and ``BILLBEE_API_KEY`` (see
        :class:`~langchain_billbee.BillbeeToolkit`, which builds every tool at once).

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeGetOrderStatesTool

            tool = BillbeeGetOrderStatesTool(api_wrapper=BillbeeAPIWrapper())

    Invoke:
        .. code-block:: python

            tool.invoke({})
            # 17 order states (id, Billbee name, English):
            # 1 Bestellt (ordered)
            # …
    """

    name: str = "billbee_get_order_states"
    description: str = (
        "List Billbee's order states as the API reports them: id, Billbee name, English label. "
        "Rarely needed: the ids are fixed and listed in billbee_list_orders."
    )
    args_schema: ArgsSchema | None = GetOrderStatesInput
    access: ClassVar[Access] = "read"
    example_args: ClassVar[Mapping[str, Any]] = {}

    def _call(self, args: GetOrderStatesInput) -> Rendered:
        return render_order_states(self.api_wrapper.get_order_states())
