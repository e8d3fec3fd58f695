"""``BillbeeToolkit``: the tools of ``BILLBEE_TOOLS``, optionally read-only or a selection."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.tools import BaseTool, BaseToolkit
from pydantic import ConfigDict, Field, model_validator
from typing_extensions import Self

from langchain_billbee._approval import ApprovalPreview, preview_text
from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.accounts import BillbeeAccounts, default_wrapper
from langchain_billbee.tools import BILLBEE_TOOLS, BillbeeBaseTool

if TYPE_CHECKING:  # langchain (the agent runtime) is optional; only its types are used here
    from langchain.agents.middleware import InterruptOnConfig

ToolClass = type[BillbeeBaseTool[Any]]


def tool_name(tool_class: ToolClass) -> str:
    """The name a tool class declares, without building it (which would need a wrapper)."""
    return str(tool_class.model_fields["name"].default)


tool_name_of = tool_name  # for methods with a parameter called tool_name


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
    dry_run: bool = False
    """Writes read the record and answer ``DRY RUN — would set …; nothing was sent to
    Billbee`` without sending anything (the wrapper's own ``dry_run=True`` does the same)."""
    audit_log: Path | None = None
    """Append one JSON line per write attempt to this file (see :mod:`langchain_billbee.audit`);
    the records go to the ``langchain_billbee.audit`` logger either way."""

    @model_validator(mode="after")
    def _apply_write_settings(self) -> Self:
        # A copy, so the caller's wrapper keeps its settings; it shares the session, limiter
        # and counters, which belong to the account rather than to one configuration.
        update: dict[str, Any] = {}
        if self.dry_run and not self.api_wrapper.dry_run:
            update["dry_run"] = True
        if self.audit_log is not None and self.api_wrapper.audit_log != self.audit_log:
            update["audit_log"] = self.audit_log
        if update:
            self.api_wrapper = self.api_wrapper.model_copy(update=update)
        return self

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

    def interrupt_on(self, *, allow_edits: bool = True) -> dict[str, bool | InterruptOnConfig]:
        """``HumanInTheLoopMiddleware(interrupt_on=...)`` for the write tools present.

        Reads run unattended; each write waits for a person to approve, edit or reject it.
        The description is computed when the agent pauses: it reads the record through this
        toolkit's wrapper (at most one read per record) and shows the change, e.g. ``Order
        15-95563-59200 (BillBeeOrderId …) · eBay kranich-kaffee · Anna Müller · 49.90 EUR:
        state 1 Bestellt (ordered) → 3 Zahlung_erhalten (paid)``. An edited call runs without
        a second pause (the middleware's rule), so its change is previewed only through
        :meth:`preview`; ``allow_edits=False`` leaves approve and reject, and every change the
        model proposes again gets its own preview. Empty for a read-only toolkit.
        """
        decisions: list[Any] = ["approve", "edit", "reject"]
        if not allow_edits:
            decisions.remove("edit")
        return {
            tool_name(cls): {
                "allowed_decisions": list(decisions),
                "description": ApprovalPreview(
                    api=self.api_wrapper,
                    tool_name=tool_name(cls),
                    schema=cls.args_schema_class(),
                    previewer=cls.preview_change,
                    note=cls.review_note,
                ),
            }
            for cls in self.tool_classes()
            if cls.access == "write"
        }

    def preview(self, tool_name: str, args: Mapping[str, Any]) -> str:
        """The approval preview for a write tool and any arguments (e.g. a reviewer's edit)."""
        known = {tool_name_of(cls): cls for cls in self.tool_classes() if cls.access == "write"}
        if tool_name not in known:
            raise ValueError(f"{tool_name} is not a write tool of this toolkit: {', '.join(known)}")
        cls = known[tool_name]
        body = preview_text(self.api_wrapper, cls.args_schema_class(), cls.preview_change, args)
        return f"DRY RUN (nothing will be sent): {body}" if self.api_wrapper.dry_run else body


def _tool_list(indent: str = "        ") -> str:
    """The docstring's "Reads: … Writes: …" lines, from the table."""
    lines: list[str] = []
    for label, access in (("Reads", "read"), ("Writes", "write")):
        names = ", ".join(f"``{tool_name(c)}``" for c in BILLBEE_TOOLS if c.access == access)
        lines.extend(textwrap.wrap(f"{label}: {names}.", 92 - len(indent)))
    return f"\n{indent}".join(lines)


BillbeeToolkit.__doc__ = (BillbeeToolkit.__doc__ or "").replace("{tool_list}", _tool_list())
