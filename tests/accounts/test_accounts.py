"""Several Billbee accounts behind one agent: picked per run by the application, never by the
model; two sandboxes with different shops serve concurrent runs without mixing records."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from langchain_billbee import BillbeeAccounts, BillbeeToolkit
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.tools import BillbeeListOrdersTool


@dataclass
class Shop:
    sandbox: BillbeeSandbox
    order_ids: set[int]

    @property
    def secrets(self) -> tuple[str, ...]:
        sb = self.sandbox
        return (sb.api_key, sb.api_password, sb.username)


@pytest.fixture(scope="module")
def shops() -> Iterator[dict[str, Shop]]:
    """Two accounts: two sandboxes with their own seed (so their own orders) and credentials."""
    with (
        BillbeeSandbox(seed=42, throttle=False, api_key="north-key", username="n@north.example",
                       api_password="north-pw") as north,
        BillbeeSandbox(seed=7, throttle=False, api_key="south-key", username="s@south.example",
                       api_password="south-pw") as south,
    ):  # fmt: skip
        found = {}
        for name, sandbox in (("north", north), ("south", south)):
            orders = sandbox.api_wrapper().fetch_all(sandbox.api_wrapper().list_orders)
            found[name] = Shop(sandbox, {o.bill_bee_order_id for o in orders})
        yield found


@pytest.fixture
def accounts(shops: dict[str, Shop]) -> BillbeeAccounts:
    # One given as a wrapper, one as a builder: both forms a registry takes.
    return BillbeeAccounts(
        {
            "north": shops["north"].sandbox.api_wrapper(),
            "south": lambda: shops["south"].sandbox.api_wrapper(),
        }
    )


def list_orders_call(call_id: str = "c1") -> dict[str, Any]:
    return {"type": "tool_call", "id": call_id, "name": "billbee_list_orders",
            "args": {"page_size": 50}}  # fmt: skip


def ids_in(message: ToolMessage) -> set[int]:
    return {record["BillBeeOrderId"] for record in message.artifact["Data"]}


def test_the_configurable_account_picks_the_wrapper(
    accounts: BillbeeAccounts, shops: dict[str, Shop]
) -> None:
    tool = BillbeeListOrdersTool(accounts=accounts)
    for name in ("north", "south"):
        config = {"configurable": {"billbee_account": name}}
        message = tool.invoke(list_orders_call(), config)
        assert message.status == "success"
        assert ids_in(message) <= shops[name].order_ids


def test_concurrent_runs_never_see_the_other_accounts_records(
    accounts: BillbeeAccounts, shops: dict[str, Shop]
) -> None:
    tools = BillbeeToolkit(accounts=accounts, read_only=True).get_tools()
    # Orders only one shop has: finding one in the other account's answer would be a leak.
    only = {
        "north": shops["north"].order_ids - shops["south"].order_ids,
        "south": shops["south"].order_ids - shops["north"].order_ids,
    }

    def run(index: int) -> tuple[str, set[int]]:
        name = ("north", "south")[index % 2]
        model = GenericFakeChatModel(messages=iter([
            AIMessage("", tool_calls=[{**list_orders_call(f"c{index}"), "args": {
                "page": 1 + index % 3, "page_size": 20}}]),
            AIMessage("done"),
        ]))  # fmt: skip
        agent = create_agent(_tool_calling(model), tools=tools, context_schema=AccountContext)
        result = agent.invoke({"messages": [("user", "orders?")]}, context=AccountContext(name))
        (message,) = [m for m in result["messages"] if isinstance(m, ToolMessage)]
        assert message.status == "success", message.content
        return name, ids_in(message)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(run, range(12)))
    for name, ids in answers:
        other = "south" if name == "north" else "north"
        assert ids and ids <= shops[name].order_ids
        assert not ids & only[other]


def test_no_credentials_in_messages_state_or_checkpoints(
    accounts: BillbeeAccounts, shops: dict[str, Shop]
) -> None:
    saver = InMemorySaver()
    model = GenericFakeChatModel(
        messages=iter([AIMessage("", tool_calls=[list_orders_call()]), AIMessage("done")])
    )
    tools = BillbeeToolkit(accounts=accounts).get_tools()
    agent = create_agent(
        _tool_calling(model), tools=tools, context_schema=AccountContext, checkpointer=saver
    )
    config: Any = {"configurable": {"thread_id": "t1"}}
    agent.invoke({"messages": [("user", "orders?")]}, config, context=AccountContext("north"))
    stored = [json.dumps(c.checkpoint, default=repr) + json.dumps(c.metadata, default=repr)
              for c in saver.list(config)]  # fmt: skip
    state = json.dumps(agent.get_state(config).values, default=repr)
    for secret in (*shops["north"].secrets, *shops["south"].secrets):
        assert secret not in state
        assert all(secret not in text for text in stored)
    assert repr(accounts) == "BillbeeAccounts(north, south)"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (None, "names no Billbee account"),
        ({"configurable": {"billbee_account": "west"}}, "'west', which the application"),
    ],
)
def test_a_run_without_a_known_account_is_an_error_and_sends_nothing(
    accounts: BillbeeAccounts,
    shops: dict[str, Shop],
    caplog: pytest.LogCaptureFixture,
    config: Any,
    expected: str,
) -> None:
    before = [shop.sandbox.stats.requests for shop in shops.values()]
    tool = BillbeeListOrdersTool(accounts=accounts)
    message = tool.invoke(list_orders_call(), config)
    assert message.status == "error" and expected in message.content
    assert [shop.sandbox.stats.requests for shop in shops.values()] == before
    assert any(expected in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_each_account_keeps_its_own_budget(accounts: BillbeeAccounts) -> None:
    north, south = accounts.wrapper("north"), accounts.wrapper("south")
    assert accounts.wrapper("north") is north  # built once, then reused
    assert north._budget() is not south._budget()


@dataclass
class AccountContext:
    billbee_account: str


def _tool_calling(model: GenericFakeChatModel) -> GenericFakeChatModel:
    # The fake model ignores bound tools; create_agent only needs bind_tools to exist.
    model.__class__ = _Bindable
    return model


class _Bindable(GenericFakeChatModel):
    def bind_tools(self, tools: Any, **kwargs: Any) -> _Bindable:
        return self
