"""How a Billbee tool words what went wrong: the error ``ToolMessage`` an agent loop receives
in place of an exception, credentials blanked, cleaned and capped like a result.

The wording itself lives in ``_messages``; this decides which wording a failure gets (a write
that may have landed is told where to check, a read is told to retry).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from langchain_core.messages import ToolMessage
from langchain_core.tools import ToolException

from langchain_billbee._errors import BillbeeError
from langchain_billbee.tools._guard import (
    MAX_ARGS_DEPTH,
    ArgsProblem,
    is_runtime_signal,
    log_unexpected,
)
from langchain_billbee.tools._messages import (
    explain_args_problem,
    explain_crash,
    explain_failure,
    explain_unexpected,
)
from langchain_billbee.tools._sanitize import flattened, for_error

if TYPE_CHECKING:
    from pydantic import BaseModel

    from langchain_billbee._transport import BillbeeTransport
    from langchain_billbee.tools._base import Access

__all__ = ["ToolFailures"]


class ToolFailures:
    """Part of ``BillbeeBaseTool``: the failure half, kept apart from running a call."""

    if TYPE_CHECKING:  # provided by BillbeeBaseTool
        name: str
        access: ClassVar[Access]
        not_found_hint: ClassVar[str]
        verify_hint: ClassVar[str]
        api_wrapper: BillbeeTransport

        def _schema(self) -> type[BaseModel]: ...

    def _error_output(self, given: object, message: str) -> str | ToolMessage:
        """What LangChain returns for a handled tool error: a ToolMessage for a ToolCall."""
        message = self._scrub(for_error(message))
        if isinstance(given, dict) and given.get("type") == "tool_call":
            call_id = str(given.get("id") or "")
            return ToolMessage(message, tool_call_id=call_id, name=self.name, status="error")
        return message

    def _explain_args_problem(self, problem: ArgsProblem) -> str:
        return explain_args_problem(
            self.name,
            problem.kind,
            where=problem.where,
            given=problem.given,
            depth=MAX_ARGS_DEPTH,
            fields=self._schema().model_fields,
        )

    def _explain(self, error: BillbeeError) -> str:
        # Only a write can have landed although it failed; reads get the plain retry advice.
        verify_hint = self.verify_hint if self.access == "write" else ""
        facts = flattened(error)
        return explain_failure(self.name, facts, self.not_found_hint, verify_hint=verify_hint)

    def _unexpected(self, kind: str) -> str:
        if self.access == "write":  # Billbee answered, so a write may well have been applied
            return explain_crash(self.name, kind, verify_hint=self.verify_hint)
        return explain_unexpected(self.name, kind)

    def _crash(self, error: Exception, *, may_have_sent: bool) -> str:
        """Log an exception nothing foresaw and word it for the model, credentials scrubbed;
        an agent runtime's signal (``is_runtime_signal``) is raised on untouched."""
        if is_runtime_signal(error):
            raise error
        log_unexpected(self.name, error, self._scrub)
        write = may_have_sent and self.access == "write"
        return explain_crash(
            self.name, type(error).__name__, verify_hint=self.verify_hint if write else ""
        )

    def _failure(self, message: str) -> ToolException:
        """The exception LangChain turns into an error ToolMessage (``handle_tool_error``).

        Cleaned and capped like a result: the message may quote what the server said.
        """
        return ToolException(self._scrub(for_error(self._scrub(message))))

    def _scrub(self, text: str) -> str:
        """Blank out credentials (the Basic token too) should a server echo one.

        Applied before and after cleaning: a secret split by an invisible character is only
        whole once that character is removed.
        """
        return self.api_wrapper._redact(text)
