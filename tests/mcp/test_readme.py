"""The README's MCP client configs, run as a client would run them."""

from __future__ import annotations

from langchain_core.tools import BaseTool

from langchain_billbee.tools import BILLBEE_TOOLS
from tests.mcp._client import LiveSession, Person
from tests.mcp.conftest import READ_TOOLS, Fleet, names


def test_the_account_config_serves_the_account_read_only(
    fleet: Fleet, direct: dict[str, BaseTool]
) -> None:
    session = fleet.readme_account.ready()
    assert names(session.tools()) == names(READ_TOOLS)
    result = session.call("billbee_list_orders", {"page_size": 3})
    expected = direct["billbee_list_orders"].invoke({"page_size": 3})
    assert not result.isError
    assert result.content[0].text == expected  # the account's orders, through the config


def test_the_sandbox_config_needs_no_account_and_offers_confirmed_writes(
    writable: LiveSession, person: Person
) -> None:
    """``writable`` is the README's sandbox config, run as written."""
    assert names(writable.tools()) == names(list(BILLBEE_TOOLS))
    result = writable.call("billbee_update_stock", {"sku": "KR-01-500", "new_quantity": 3})
    assert result.isError is True and "was not sent" in result.content[0].text
    assert len(person.asked) == 1  # asked, and the unscripted question was declined
