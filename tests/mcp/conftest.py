"""Fixtures for the MCP tier: the toolkit to compare with, and real client sessions.

Every server here is a subprocess (``langchain-billbee mcp --sandbox ...``) driven by the MCP
SDK's own client over a real transport. All of them start together when the first MCP test
runs (starting Python is most of a server's cost, so they start in parallel), serve the whole
tier, and are ended when it finishes, whether its tests passed or not.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from langchain_core.tools import BaseTool

from langchain_billbee import BillbeeToolkit
from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.toolkit import tool_name
from langchain_billbee.tools import BILLBEE_TOOLS
from tests.conftest import REPO_ROOT
from tests.helpers import call
from tests.mcp._client import HttpServer, LiveSession, Person, configured, stdio

READ_TOOLS = [cls for cls in BILLBEE_TOOLS if cls.access == "read"]
TOKEN = "test-token-5b1f"
# An application reads the records from the artifact, not a model: it lifts the cap that
# protects a model's context (the text the model reads is the same either way).
FULL_RECORDS = ("--max-result-bytes", "5000000")


def example_args(tool_class: type[Any]) -> dict[str, Any]:
    """The arguments the tool class declares as its example (valid on the default shop)."""
    return dict(tool_class.example_args)


def assert_records(structured: dict[str, Any] | None, artifact: dict[str, Any]) -> None:
    """``structured`` is the tool's artifact, or its first whole records where it says so."""
    assert structured is not None
    if "Truncated" not in structured:
        assert structured == artifact
        return
    kept = structured["Truncated"]["RecordsKept"]
    assert structured["Truncated"]["RecordsTotal"] == len(artifact["Data"]) > kept
    assert structured["Data"] == artifact["Data"][:kept]
    assert {k: v for k, v in structured.items() if k not in ("Data", "Truncated")} == {
        k: v for k, v in artifact.items() if k != "Data"
    }


def text_of(result: Any) -> str:
    """The text blocks of an MCP tool result, as one string."""
    return "\n".join(block.text for block in result.content if block.type == "text")


def assert_answers_as_the_toolkit(
    session: LiveSession, direct: dict[str, BaseTool], tool_class: type[Any]
) -> None:
    """``tool_class``'s example call answers over MCP with the toolkit's own text and records."""
    name, args = tool_name(tool_class), example_args(tool_class)
    result = session.call(name, args)
    expected = call(direct[name], args)
    assert not result.isError, text_of(result)
    assert text_of(result) == expected.content
    assert_records(result.structuredContent, expected.artifact)


def names(tools: list[Any]) -> list[str]:
    return [tool_name(cls) if isinstance(cls, type) else cls.name for cls in tools]


def readme_entry(block: str) -> dict[str, Any]:
    """The one server entry of the README's ``<!-- readme-test: BLOCK -->`` JSON config."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- readme-test: {block} -->\n```json\n(.*?)```", readme, re.S)
    assert found is not None, f"README has no {block} block"
    (entry,) = json.loads(found.group(1))["mcpServers"].values()
    return dict(entry)


def as_installed(entry: dict[str, Any], shop: BillbeeSandbox | None = None) -> dict[str, Any]:
    """``entry`` with the README's placeholder path replaced by this environment's console
    script and, given a ``shop``, its placeholder credentials by the shop's (as a user fills in
    their own)."""
    script = Path(sys.executable).parent / Path(entry["command"]).name
    env = dict(entry.get("env") or {})
    if shop is not None:
        env.update(
            BILLBEE_USERNAME=shop.username,
            BILLBEE_API_PASSWORD=shop.api_password,
            BILLBEE_API_KEY=shop.api_key,
            BILLBEE_BASE_URL=shop.base_url,
        )
    return {**entry, "command": str(script), "env": env}


@dataclass
class Fleet:
    """The tier's servers, each with its own in-process sandbox (seed 42), except the account
    config's, which serves the test process's ``account`` sandbox (seed 42 too)."""

    writable: LiveSession
    """The README's ``--sandbox`` config as written (``--sandbox --allow-writes``): every
    write waits for the Person's answer."""
    unconfirmed: LiveSession
    """``--allow-writes=unconfirmed``, with a client that cannot confirm."""
    dry_run: LiveSession
    """``--allow-writes --dry-run``: writes are shown, never sent."""
    full_records: LiveSession
    """Read-only, cap lifted, client without elicitation (as langchain-mcp-adapters')."""
    http: HttpServer
    """``--transport http --allow-writes --token TOKEN`` on a free loopback port."""
    readme_account: LiveSession
    """The README's config for an account (no write flag), pointed at the test's own sandbox
    ``account``; its client could confirm writes, and must never be asked. It is also the
    tier's read-only server: one Python process fewer to start."""

    def all(self) -> list[LiveSession | HttpServer]:
        return [
            self.writable,
            self.unconfirmed,
            self.dry_run,
            self.full_records,
            self.http,
            self.readme_account,
        ]


@pytest.fixture(scope="package")
def account() -> Iterator[BillbeeSandbox]:
    """A sandbox in the test process standing in for a user's Billbee account."""
    with BillbeeSandbox() as shop:
        yield shop


# Package scope: the servers end when the tier's last test has run, not at the end of the
# whole session, where the worker that ran the tier would finish alone.
@pytest.fixture(scope="package")
def fleet(account: BillbeeSandbox) -> Iterator[Fleet]:
    started = Fleet(
        writable=configured(as_installed(readme_entry("mcp-sandbox")), person=Person()),
        unconfirmed=stdio("--sandbox", "--allow-writes=unconfirmed"),
        dry_run=stdio("--sandbox", "--allow-writes", "--dry-run", person=Person()),
        full_records=stdio("--sandbox", *FULL_RECORDS),
        http=HttpServer("--sandbox", "--allow-writes", "--token", TOKEN),
        readme_account=configured(
            as_installed(readme_entry("mcp-config"), account), person=Person()
        ),
    )
    try:
        for server in started.all():
            server.start()
        yield started
    finally:
        # Each waits for its process to end: together, not one after another.
        with ThreadPoolExecutor(len(started.all())) as pool:
            list(pool.map(lambda server: server.close(), started.all()))


@pytest.fixture
def read_only(fleet: Fleet) -> LiveSession:
    """A server started without a write flag: the README's account config."""
    return fleet.readme_account.ready()


@pytest.fixture
def writable(fleet: Fleet) -> LiveSession:
    return fleet.writable.ready()


@pytest.fixture
def person(writable: LiveSession) -> Iterator[Person]:
    """The writable server's Person, with no answers or questions left from another test."""
    assert writable.person is not None
    writable.person.asked.clear()
    writable.person.answers.clear()
    yield writable.person
    writable.person.answers.clear()


@pytest.fixture(scope="module")
def direct() -> Iterator[dict[str, BaseTool]]:
    """The toolkit's tools, called directly, on a sandbox with the servers' data (seed 42);
    unthrottled, as only the servers' answers are under test."""
    with BillbeeSandbox(throttle=False) as shop:
        api = shop.api_wrapper(requests_per_second=None)
        yield {tool.name: tool for tool in BillbeeToolkit(api_wrapper=api).get_tools()}
        api.close()
