"""Order states: set one order's state (a write) and read Billbee's order-state table.

Args schemas, the wrapper's state methods (``StatesAPI``), their renderers and the two tools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from langchain_core.tools import ArgsSchema
from pydantic import Field

from langchain_billbee._resource import BillbeeResource
from langchain_billbee._wire import parse_record, unwrap_data
from langchain_billbee.models import OrderState
from langchain_billbee.order_states import (
    STATE_ID_HELP,
    STATE_IDS,
    describe_state,
    is_valid_state_id,
)
from langchain_billbee.tools._args import BODY, BillbeeId, StateId, ToolArgs, wire
from langchain_billbee.tools._base import Access, BillbeeBaseTool
from langchain_billbee.tools._format import Rendered, lines, list_artifact, shown, text
from langchain_billbee.tools.order_detail import ORDER_ID_HINT


class UpdateOrderStateInput(ToolArgs):
    """Which order gets which state in billbee_update_order_state (the state goes in the body)."""

    model_config = BODY

    order_id: BillbeeId = Field(description="BillBeeOrderId of the order to change.")
    new_state_id: StateId = Field(description="The state id to set (3 = paid, 4 = shipped).")


class StatesAPI(BillbeeResource):
    """The wrapper's order-state methods (part of ``BillbeeAPIWrapper``)."""

    def update_order_state(self, order_id: int, new_state_id: int) -> None:
        """Set an order's state (``PUT /orders/{id}/orderstate``); Billbee syncs it to the shop.

        Safe to retry: the body sets an absolute state, so sending it twice changes nothing.
        """
        if not is_valid_state_id(new_state_id):
            raise ValueError(
                f"new_state_id {new_state_id} is not a Billbee order state. {STATE_ID_HELP}"
            )
        order_id = int(order_id)
        body = wire(UpdateOrderStateInput, {"new_state_id": new_state_id})
        try:
            self._request("PUT", f"/orders/{order_id}/orderstate", body=body)
        finally:
            # Even a failed write may have landed; never serve a copy from before it.
            self._throttles.orders.invalidate(order_id)

    def get_order_states(self) -> list[OrderState]:
        """Billbee's order states (``GET /enums/orderstates``, a bare array)."""
        data = unwrap_data(self._request("GET", "/enums/orderstates")) or []
        return [parse_record(OrderState, item, "GET", "/enums/orderstates") for item in data]


def render_state_change(order_id: int, new_state_id: int) -> Rendered:
    content = (
        f"order {order_id}: state set to {describe_state(new_state_id)}. Billbee passes the new "
        "state on to the connected shop or marketplace where that is configured."
    )
    return content, {"Data": {"BillBeeOrderId": order_id, "NewStateId": new_state_id}}


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
        f"again is harmless. {STATE_IDS}"
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

    def _call(self, args: UpdateOrderStateInput) -> Rendered:
        self.api_wrapper.update_order_state(args.order_id, args.new_state_id)
        return render_state_change(args.order_id, args.new_state_id)


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
