"""The tool boundary's checks: arguments a schema cannot judge, and the last-resort guard.

A schema validates values, but some input breaks the machinery around it before or after a
rule is applied: arguments that are ``null``, a number or a list instead of an object
(LangChain calls ``.copy()`` on them), nesting deep enough to exhaust Python's recursion limit
while parsing or printing it, and lone surrogates, which pydantic lets through in plain ``str``
fields and which fail later when the request is encoded. ``find_args_problem`` finds each one
without recursion, before any request is sent. What the schema rejects is worded for the model
by ``ArgumentErrorExplainer``, the tools' ``handle_validation_error`` hook.

Anything else that escapes a tool is a bug. ``log_unexpected`` records it with its traceback,
credentials scrubbed, so the model can be told one plain sentence instead.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, ValidationError

from langchain_billbee.tools._messages import explain_invalid_arguments
from langchain_billbee.tools._sanitize import for_error

if TYPE_CHECKING:
    from langchain_core.messages import ToolCall

__all__ = [
    "MAX_ARGS_DEPTH",
    "NOT_JSON",
    "ArgsProblem",
    "ArgumentErrorExplainer",
    "BadArgs",
    "checked",
    "checked_call_args",
    "checked_input",
    "find_args_problem",
    "is_runtime_signal",
    "log_unexpected",
    "parse_args_text",
]

logger = logging.getLogger("langchain_billbee.tools")

MAX_ARGS_DEPTH = 32
"""Deepest nesting accepted in arguments. The deepest any tool declares is two (a list of ids);
32 leaves room for a model's wrong-but-honest shapes and stays far from the recursion limit."""

ProblemKind = Literal["not_an_object", "too_deep", "lone_surrogate"]


@dataclass(frozen=True)
class ArgsProblem:
    """What is wrong with the arguments as a whole (facts; ``_messages`` words them)."""

    kind: ProblemKind
    where: str = ""
    """The argument's path, ``tags[0]``; empty for the arguments as a whole."""
    given: str = ""
    """A short description of what was sent, e.g. ``null`` or ``a list``."""


class BadArgs(dict[str, Any]):
    """Stands in for arguments with an ``ArgsProblem``: a dict, so LangChain's ``.copy()``,
    callbacks and ``str()`` work on it (the original could be too deep to print), and the
    tool's own argument check reports the problem with callbacks running as usual."""

    def __init__(self, problem: ArgsProblem) -> None:
        super().__init__()
        self.problem = problem

    def copy(self) -> BadArgs:
        return self

    def __repr__(self) -> str:
        return f"<arguments rejected: {self.problem.kind}>"

    __str__ = __repr__


def checked(value: object) -> object:
    """``value`` itself, or a ``BadArgs`` if it has a problem the schema cannot report."""
    if isinstance(value, BadArgs):
        return value
    problem = find_args_problem(value)
    return value if problem is None else BadArgs(problem)


NOT_JSON = object()
"""What ``parse_args_text`` returns for text that is not JSON at all."""


def checked_call_args(args: object) -> dict[str, Any]:
    """ToolCall ``args`` (after parsing) as a dict LangChain can take: itself or a ``BadArgs``."""
    if isinstance(args, dict):
        return cast("dict[str, Any]", checked(args))
    return BadArgs(ArgsProblem("not_an_object", given=describe(args)))


def parse_args_text(text: str) -> object:
    """ToolCall args sent as JSON text, parsed; ``NOT_JSON`` for text that is not JSON.

    Nesting deeper than the interpreter can parse is reported like any other over-deep input.
    """
    try:
        return json.loads(text)
    except RecursionError:
        return BadArgs(ArgsProblem("too_deep"))
    except ValueError:
        return NOT_JSON


def describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"[:40]
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def find_args_problem(tool_input: object) -> ArgsProblem | None:
    """The first problem the schema could not report clearly, or ``None``."""
    if isinstance(tool_input, BadArgs):
        return tool_input.problem
    if isinstance(tool_input, str):
        return _surrogate_problem("", tool_input)
    if not isinstance(tool_input, dict):
        return ArgsProblem("not_an_object", given=describe(tool_input))
    return _walk(tool_input)


def _walk(root: dict[str, Any]) -> ArgsProblem | None:
    # Iterative, so nesting the interpreter could not recurse through is still measured.
    stack: list[tuple[str, object, int]] = [("", root, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_ARGS_DEPTH:
            return ArgsProblem("too_deep", where=where.split("[", 1)[0].split(".", 1)[0])
        if isinstance(value, str):
            problem = _surrogate_problem(where, value)
            if problem is not None:
                return problem
        elif isinstance(value, dict):
            for key, item in value.items():
                label = str(key) if not where else f"{where}.{key}"
                if isinstance(key, str) and _has_surrogate(key):
                    return ArgsProblem("lone_surrogate", where=where or "argument name")
                stack.append((label, item, depth + 1))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{where}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return None


def _surrogate_problem(where: str, value: str) -> ArgsProblem | None:
    return ArgsProblem("lone_surrogate", where=where) if _has_surrogate(value) else None


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def checked_input(
    value: str | dict[str, Any] | ToolCall, fields: Iterable[str]
) -> str | dict[str, Any] | ToolCall:
    """A tool's input with arguments LangChain can take, problems marked (``checked``).

    ToolCall args given as JSON object text (the form providers send arguments in) are
    parsed; text that is not JSON fills the first of ``fields``, as it does in
    ``tool.invoke("...")``. Args that are null, a number, a list or JSON too deep to parse
    become a ``BadArgs``.
    """
    if not (isinstance(value, dict) and value.get("type") == "tool_call"):
        return cast("str | dict[str, Any]", checked(value))
    args = value.get("args")
    if isinstance(args, str):
        parsed = parse_args_text(args)
        if parsed is NOT_JSON:
            names = list(fields)
            parsed = {names[0]: args} if names else {}
        args = parsed
    return cast("ToolCall", {**value, "args": checked_call_args(args)})


@dataclass(frozen=True)
class ArgumentErrorExplainer:
    """``handle_validation_error`` hook bound to one tool's name and schema.

    A dataclass rather than a closure so the tool stays copyable and its repr readable.
    """

    tool_name: str
    schema: type[BaseModel]

    def __call__(self, error: Exception) -> str:
        try:
            if isinstance(error, ValidationError):
                text = explain_invalid_arguments(
                    error, tool_name=self.tool_name, schema=self.schema
                )
            else:
                text = f"Invalid arguments for {self.tool_name}: {error}"
        except Exception:  # e.g. input too deep to print; the rules are still worth naming
            fields = ", ".join(self.schema.model_fields) or "none"
            text = f"Invalid arguments for {self.tool_name} (valid arguments: {fields})."
        # The text echoes what the model sent, which can hold any character.
        return for_error(text)


def is_runtime_signal(error: BaseException) -> bool:
    """Exceptions an agent runtime raises through tools on purpose (LangGraph's interrupt and
    ``Command`` hand-offs derive from ``GraphBubbleUp``); they must pass the guard untouched.
    Matched by name because LangGraph is not a dependency of the core package."""
    return any(cls.__name__ == "GraphBubbleUp" for cls in type(error).__mro__)


def log_unexpected(tool_name: str, error: BaseException, scrub: Callable[[str], str]) -> None:
    """Log ``error`` with its traceback (no frame locals), credentials blanked by ``scrub``."""
    try:
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    except Exception:  # formatting a hostile exception can itself fail; keep the type at least
        text = f"{type(error).__name__} (traceback could not be formatted)"
    text = scrub(text)
    # A lone surrogate in the message would make a log handler fail in turn.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    logger.error("unexpected error in %s; the model was told so\n%s", tool_name, text)
