"""Billbee's 17 order states, named the way the API and an English reader name them.

Billbee reports an order's state as a bare integer (``State``) and its enum endpoint
(``GET /enums/orderstates``) answers with German identifiers such as ``Zahlung_erhalten``.
Agents and people think in English ("paid"), so every place that shows a state uses
:func:`describe_state`, which carries both, and tool descriptions embed :data:`STATE_ID_HELP`
so a model can map "paid" to 3 without an extra call.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "ORDER_STATES",
    "STATE_IDS",
    "STATE_ID_HELP",
    "OrderStateInfo",
    "describe_state",
    "is_valid_state_id",
]


class OrderStateInfo(NamedTuple):
    """One Billbee order state: its id, the identifier Billbee's API uses, an English label."""

    id: int
    name: str
    english: str


# Names follow the identifiers of Billbee's official SDK enum, which its integration test checks
# against the live enum endpoint; id 17 ("Retoure") comes from Billbee's help pages because the SDK
# predates it.
_STATES = (
    OrderStateInfo(1, "Bestellt", "ordered"),
    OrderStateInfo(2, "Bestaetigt", "confirmed"),
    OrderStateInfo(3, "Zahlung_erhalten", "paid"),
    OrderStateInfo(4, "Versendet", "shipped"),
    OrderStateInfo(5, "Reklamation", "complaint"),
    OrderStateInfo(6, "Geloescht", "deleted"),
    OrderStateInfo(7, "Abgeschlossen", "closed"),
    OrderStateInfo(8, "Storniert", "canceled"),
    OrderStateInfo(9, "Archiviert", "archived"),
    OrderStateInfo(10, "Rated", "rated, not used"),
    OrderStateInfo(11, "Mahnung", "first dunning notice"),
    OrderStateInfo(12, "Mahnung2", "second dunning notice"),
    OrderStateInfo(13, "Gepackt", "packed"),
    OrderStateInfo(14, "Angeboten", "offered"),
    OrderStateInfo(15, "Zahlungserinnerung", "payment reminder"),
    OrderStateInfo(16, "Im_Fulfillment", "in fulfillment"),
    OrderStateInfo(17, "Retoure", "returned"),
)

ORDER_STATES: Mapping[int, OrderStateInfo] = MappingProxyType({s.id: s for s in _STATES})
"""Read-only map from state id (1..17) to :class:`OrderStateInfo`."""


def is_valid_state_id(state_id: int) -> bool:
    """Whether ``state_id`` is one of Billbee's order states (1..17)."""
    return state_id in ORDER_STATES


def describe_state(state_id: int) -> str:
    """Render a state for people and models, e.g. ``"3 Zahlung_erhalten (paid)"``.

    Unknown ids are rendered rather than rejected: Billbee may add states before this
    table learns them, and a listing must not fail because of that.
    """
    info = ORDER_STATES.get(state_id)
    if info is None:
        return f"{state_id} (unknown state)"
    return f"{info.id} {info.name} ({info.english})"


STATE_ID_HELP = "Order state ids: " + ", ".join(describe_state(s.id) for s in _STATES) + "."
"""One line listing every state id with both names, for tool descriptions."""

STATE_IDS = (
    "State ids: "
    + ", ".join(f"{s.id} {s.english}" for s in _STATES if s.id != 10)
    + " (10 unused)."
)
"""The same ids in English only, for tool descriptions: a model reads it in every call, so it
costs a third of :data:`STATE_ID_HELP`; the German names appear in every listed state."""
