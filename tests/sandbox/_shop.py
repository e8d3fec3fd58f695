"""The demo shop as it is now, read through the backend's own getters.

``sandbox.state.data`` is the data as generated: writes replace records in the backend's
indexes and leave those untouched, so a test proving that nothing changed must read here.
"""

from __future__ import annotations

import json

from langchain_billbee.sandbox import BillbeeSandbox

EVERYTHING = 1_000_000


def current_shop(sandbox: BillbeeSandbox) -> str:
    """Every order, product and customer as the backend would serve them now."""
    state = sandbox.state
    records = [
        state.get_orders(page_size=EVERYTHING).items,
        state.get_products(page_size=EVERYTHING).items,
        state.get_customers(page_size=EVERYTHING).items,
    ]
    return json.dumps(records, default=str, sort_keys=True)


def current_states(sandbox: BillbeeSandbox) -> dict[int, int]:
    """Order id -> state id, now."""
    orders = sandbox.state.get_orders(page_size=EVERYTHING).items
    return {order["BillBeeOrderId"]: order["State"] for order in orders}
