"""What a person sees when an agent pauses before a write: the change, not the arguments.

``BillbeeToolkit.interrupt_on()`` sets each write tool's ``InterruptOnConfig.description`` to an
:class:`ApprovalPreview`. LangChain's ``HumanInTheLoopMiddleware`` calls it with
``(tool_call, state, runtime)`` when it builds the interrupt (batched mode: after the model's
turn, once per gated call; per-call mode: as the call starts); it reads the record through the
toolkit's wrapper and describes what approving would change.

Edits: the middleware runs an ``edit`` decision's arguments straight away; it asks no second
time, in either mode, so no preview of the edited arguments can appear in an interrupt. What
can be done is done: :meth:`BillbeeToolkit.preview` gives the same preview for any arguments
(for a review UI to show before it sends the edit), the tool's answer after an edited run
names the change that really ran ("state 1 … → 4 …"), and the audit record keeps it with the
tool-call id. To have every change previewed, allow only approve and reject
(``interrupt_on(allow_edits=False)``): the model proposes again, and that call gets its preview.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = ["ApprovalPreview", "Previewer", "preview_text"]

Previewer = Callable[["BillbeeAPIWrapper", Any], str]
"""Reads what a write tool's validated arguments name and describes the change."""


def _invalid(error: ValidationError) -> str:
    problems = "; ".join(
        f"{'.'.join(str(part) for part in e['loc']) or 'arguments'}: {e['msg']}"
        for e in error.errors()[:5]
    )
    return (
        f"The agent's arguments are invalid ({problems}). Approving returns that error to the "
        "agent; nothing is written."
    )


def preview_text(
    api: BillbeeAPIWrapper,
    schema: type[BaseModel],
    previewer: Previewer,
    args: Mapping[str, Any] | None,
) -> str:
    """The preview of one call; every failure becomes text, because a person must be asked."""
    try:
        parsed = schema.model_validate(dict(args or {}))
    except ValidationError as err:
        return _invalid(err)
    try:
        return previewer(api, parsed)
    except Exception as exc:  # a preview must never break the agent's pause
        return (
            f"Could not prepare a preview ({type(exc).__name__}). Check the arguments before "
            f"approving: {dict(args or {})}"
        )


_REMEMBERED = 256


@dataclass(frozen=True)
class ApprovalPreview:
    """``InterruptOnConfig.description`` for one write tool (a callable, computed at the pause).

    LangGraph resumes an interrupted node by running it again up to the interrupt, so the
    middleware asks for the description a second time when the person has decided. That
    answer is thrown away; it is served from the first one (same tool-call id, same arguments)
    instead of reading the record again, so an approved write costs one read, not two. A resume
    in another process reads once more.
    """

    api: BillbeeAPIWrapper
    tool_name: str
    schema: type[BaseModel]
    previewer: Previewer
    note: str = ""
    _seen: OrderedDict[tuple[str, str], str] = field(
        default_factory=OrderedDict, repr=False, compare=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"ApprovalPreview({self.tool_name}: reads the record when the agent pauses)"

    def __call__(self, tool_call: Mapping[str, Any], state: Any = None, runtime: Any = None) -> str:
        args = tool_call.get("args")
        key = (str(tool_call.get("id")), json.dumps(args, sort_keys=True, default=str))
        with self._lock:
            if tool_call.get("id") and key in self._seen:
                return self._seen[key]
        body = preview_text(self.api, self.schema, self.previewer, args)
        prefix = "DRY RUN (nothing will be sent): " if self.api.dry_run else ""
        text = f"{prefix}{body}\n\n{self.note}".rstrip()
        with self._lock:
            self._seen[key] = text
            while len(self._seen) > _REMEMBERED:
                self._seen.popitem(last=False)
        return text
