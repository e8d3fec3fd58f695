"""The built-in table of Billbee's 17 order states."""

from __future__ import annotations

from langchain_billbee.order_states import (
    ORDER_STATES,
    STATE_ID_HELP,
    describe_state,
    is_valid_state_id,
)


def test_all_seventeen_states_are_known() -> None:
    assert sorted(ORDER_STATES) == list(range(1, 18))
    assert all(info.id == key for key, info in ORDER_STATES.items())


def test_describe_state_shows_billbee_and_english_names() -> None:
    assert describe_state(3) == "3 Zahlung_erhalten (paid)"
    assert describe_state(4) == "4 Versendet (shipped)"
    assert describe_state(99) == "99 (unknown state)"


def test_help_line_lists_every_id() -> None:
    for state_id in ORDER_STATES:
        assert describe_state(state_id) in STATE_ID_HELP
    assert "\n" not in STATE_ID_HELP


def test_validity() -> None:
    assert is_valid_state_id(1) and is_valid_state_id(17)
    assert not is_valid_state_id(0) and not is_valid_state_id(18)
