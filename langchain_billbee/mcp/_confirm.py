"""Asking the person before a write: MCP elicitation, with the toolkit's approval text.

The question shows what ``BillbeeToolkit.interrupt_on()`` shows a LangChain reviewer (a preview
of the change when the toolkit computes one, else its fixed note) and the exact arguments.
Only an explicit "yes" sends the write; decline, cancel, a "no", an error or a client that
cannot ask all mean nothing is sent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, Literal

import anyio
from mcp import types
from mcp.server.session import ServerSession

from langchain_billbee.toolkit import BillbeeToolkit
from langchain_billbee.tools._sanitize import clean, clean_block

__all__ = [
    "CONFIRM_SCHEMA",
    "Describer",
    "WriteMode",
    "ask_person",
    "can_elicit",
    "describers",
    "question",
]

logger = logging.getLogger("langchain_billbee.mcp")

WriteMode = Literal["off", "confirm", "unconfirmed"]
"""No writes listed; writes each confirmed by the person; writes run without asking."""

Describer = Callable[[dict[str, Any]], str]
"""A tool call (``{"name", "args", "id", "type"}``) to the text a reviewer should read."""

CONFIRM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "confirm": {
            "type": "boolean",
            "title": "Send this change to Billbee",
            "description": "Billbee applies it to your live account and pushes it to your shops.",
            "default": False,
        }
    },
    "required": ["confirm"],
}


def describers(toolkit: BillbeeToolkit) -> dict[str, Describer]:
    """One describer per write tool of ``toolkit``: its preview of the change when it has one
    (``toolkit.preview``), else what ``interrupt_on()`` shows a LangChain reviewer."""
    preview = getattr(toolkit, "preview", None)
    found: dict[str, Describer] = {}
    for name, config in toolkit.interrupt_on().items():
        if callable(preview):
            found[name] = _previewing(preview)
            continue
        description = config.get("description") if isinstance(config, Mapping) else None
        if callable(description):
            found[name] = _calling(description)
        else:
            found[name] = _fixed(str(description or ""))
    return found


def _previewing(preview: Callable[..., Any]) -> Describer:
    def describe(call: dict[str, Any]) -> str:
        return str(preview(call["name"], call["args"]))

    return describe


def _calling(description: Callable[..., Any]) -> Describer:
    # Called the way LangChain's approval middleware calls it; outside an agent there is no
    # state or runtime to pass.
    def describe(call: dict[str, Any]) -> str:
        return str(description(call, {"messages": []}, None))

    return describe


def _fixed(text: str) -> Describer:
    def describe(call: dict[str, Any]) -> str:
        return text

    return describe


async def question(describer: Describer | None, call: dict[str, Any]) -> str:
    """What the person is asked: the change (or the tool's note) and the exact arguments."""
    try:
        # A preview reads the record through the throttled wrapper: off the event loop.
        change = await anyio.to_thread.run_sync(describer, call) if describer else ""
    except Exception as err:  # the preview is a courtesy; its failure must not block a "no"
        logger.warning("preview for %s failed: %s", call["name"], type(err).__name__)
        change = "(The preview of this change could not be computed.)"
    # The arguments come from the model and the preview quotes shop data: cleaned, so no
    # control or bidi character can make the person read something other than what is sent.
    arguments = clean(json.dumps(call["args"], ensure_ascii=False, sort_keys=True), 2_000)
    lines = [f"Billbee write: {call['name']}", clean_block(change), f"Arguments: {arguments}"]
    return "\n".join(line for line in lines if line)


def can_elicit(session: ServerSession) -> bool:
    """Whether the client declared form elicitation (an empty ``elicitation`` means form)."""
    params = session.client_params
    capability = params.capabilities.elicitation if params is not None else None
    if capability is None:
        return False
    return capability.form is not None or capability.url is None


async def ask_person(
    session: ServerSession, text: str, request_id: types.RequestId | None
) -> str | None:
    """``None`` when the person confirmed; otherwise why the write is not sent."""
    try:
        answer = await session.elicit_form(text, CONFIRM_SCHEMA, related_request_id=request_id)
    except Exception as err:  # a client error or a broken stream is a "no", never a send
        logger.warning("confirmation request failed: %s", type(err).__name__)
        return "the confirmation request failed"
    if answer.action == "accept" and (answer.content or {}).get("confirm") is True:
        return None
    if answer.action == "accept":
        return "you did not tick the confirmation"
    return "you declined it" if answer.action == "decline" else "you cancelled the confirmation"
