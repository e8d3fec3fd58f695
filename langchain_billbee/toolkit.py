"""``BillbeeToolkit``: the tools of ``BILLBEE_TOOLS``, optionally read-only or a selection."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.tools import BaseTool, BaseToolkit
from pydantic import ConfigDict, Field, model_validator
from typing_extensions import Self

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.accounts import BillbeeAccounts, default_wrapper
from langchain_billbee.tools import BILLBEE_TOOLS, BillbeeBaseTool

if TYPE_CHECKING:  # langchain (the agent runtime) is optional; only its types are used here
    from langchain.agents.middleware import InterruptOnConfig

ToolClass = type[BillbeeBaseTool[Any]]


def tool_name(tool_class: ToolClass) -> str:
    """The name a tool class declares, without building it (which would need a wrapper)."""
    return str(tool_class.model_fields["name"].default)


class BillbeeToolkit(BaseToolkit):
    """Billbee toolkit: orders, products, customers, invoices and stock for LangChain agents.

    Setup:
        Install ``langchain-billbee`` and set the three credentials Billbee's API needs:

        .. code-block:: bash

            pip install -U langchain-billbee
            export BILLBEE_USERNAME="you@example.com"         # Billbee login
            export BILLBEE_API_PASSWORD="..."                 # Settings → Billbee API
            export BILLBEE_API_KEY="..."                      # developer key from Billbee

    Instantiate:
        .. code-block:: python

            from langchain_billbee import BillbeeAPIWrapper, BillbeeToolkit

            toolkit = BillbeeToolkit(api_wrapper=BillbeeAPIWrapper())   # every tool
            BillbeeToolkit(api_wrapper=..., read_only=True)             # the read tools only
            BillbeeToolkit(api_wrapper=..., selected_tools=["billbee_get_order"])

    Tools:
        .. code-block:: python

            toolkit.get_tools()

        {tool_list}
        Each returns compact text for the model and the full records as the ``ToolMessage``
        artifact.

    Use within an agent:
        .. code-block:: python

            from langchain.agents import create_agent
            from langchain.agents.middleware import HumanInTheLoopMiddleware
            from langgraph.checkpoint.memory import InMemorySaver

            agent = create_agent(
                model,
                tools=toolkit.get_tools(),
                middleware=[HumanInTheLoopMiddleware(interrupt_on=toolkit.interrupt_on())],
                checkpointer=InMemorySaver(),
            )
            agent.invoke({"messages": [("user", "Which orders are paid but not shipped?")]})

    Security:
        The write tools change live data, and Billbee pushes those changes to the connected
        shops and marketplaces (order states may notify buyers; stock levels change what can
        be bought). Give an agent ``read_only=True`` unless it must write, and gate the writes
        behind human approval with ``interrupt_on()``. The credentials act with your account's
        full rights: keep them in the environment or a secret store, never in prompts.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    accounts: BillbeeAccounts | None = None
    """Several Billbee accounts: each run names its own, and its tools use that account's
    wrapper (:mod:`langchain_billbee.accounts`); ``api_wrapper`` is then not needed."""
    api_wrapper: BillbeeAPIWrapper = Field(default_factory=default_wrapper)
    """Shared by every tool, so all of them pass through one rate limiter and retry policy."""
    read_only: bool = False
    """Leave out the write tools (the ones whose ``access`` is ``"write"``)."""
    selected_tools: Sequence[str] | None = None
    """Only these tool names; ``None`` means all (or all reads when ``read_only``)."""

    @model_validator(mode="after")
    def _check_selection(self) -> Self:
        if self.selected_tools is None:
            return self
        known = {tool_name(cls): cls for cls in BILLBEE_TOOLS}
        unknown = [name for name in self.selected_tools if name not in known]
        if unknown:
            raise ValueError(
                f"Unknown Billbee tool name(s): {', '.join(unknown)}. "
                f"Valid names: {', '.join(known)}."
            )
        writes = [n for n in self.selected_tools if known[n].access == "write"]
        if self.read_only and writes:
            raise ValueError(
                f"read_only=True excludes the write tool(s) {', '.join(writes)}; "
                "drop them from selected_tools or set read_only=False."
            )
        return self

    def tool_classes(self) -> list[ToolClass]:
        """The tool classes this toolkit provides, in the table's order."""
        return [
            cls
            for cls in BILLBEE_TOOLS
            if not (self.read_only and cls.access == "write")
            and (self.selected_tools is None or tool_name(cls) in self.selected_tools)
        ]

    def get_tools(self) -> list[BaseTool]:
        """Build the tools, all sharing this toolkit's ``api_wrapper``."""
        # Typed as Any because the checker sees the abstract base, whose name and description
        # are required; every concrete class in the table declares both.
        shared: dict[str, Any] = {"api_wrapper": self.api_wrapper, "accounts": self.accounts}
        return [cls(**shared) for cls in self.tool_classes()]

    def interrupt_on(self) -> dict[str, bool | InterruptOnConfig]:
        """``HumanInTheLoopMiddleware(interrupt_on=...)`` for the write tools present.

        Reads run unattended; each write waits for a person to approve, edit or reject it.
        Empty for a read-only toolkit.
        """
        return {
            tool_name(cls): {
                "allowed_decisions": ["approve", "edit", "reject"],
                "description": cls.review_note,
            }
            for cls in self.tool_classes()
            if cls.access == "write"
        }


def _tool_list(indent: str = "        ") -> str:
    """The docstring's "Reads: … Writes: …" lines, from the table."""
    lines: list[str] = []
    for label, access in (("Reads", "read"), ("Writes", "write")):
        names = ", ".join(f"``{tool_name(c)}``" for c in BILLBEE_TOOLS if c.access == access)
        lines.extend(textwrap.wrap(f"{label}: {names}.", 92 - len(indent)))
    return f"\n{indent}".join(lines)


BillbeeToolkit.__doc__ = (BillbeeToolkit.__doc__ or "").replace("{tool_list}", _tool_list())
