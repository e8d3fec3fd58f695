"""How the demo talks to the terminal: short, plain lines a newcomer can follow.

Everything goes through :class:`Transcript` so tests can capture it (any text stream) and the
layout lives in one place. Colour is off unless the stream is a terminal.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Iterable
from typing import Any, TextIO

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

__all__ = ["Transcript"]

RESULT_LINES = 6
WIDTH = 100
RESULT_WIDTH = 110  # tool output lines are cut here; the model read them whole
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def format_call(name: str, args: dict[str, Any]) -> str:
    shown = ", ".join(
        f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in args.items()
    )
    return f"{name}({shown})"


def _cut(text: str, width: int) -> str:
    """``text`` within ``width``; a table line loses whole trailing columns, never half a date."""
    if len(text) <= width:
        return text
    columns = text.split(" | ")
    while len(columns) > 1 and len(" | ".join(columns)) + 4 > width:
        columns.pop()
    kept = " | ".join(columns)
    if len(columns) > 1 or len(kept) + 4 <= width:
        return kept + " | …"
    return text[: width - 1] + "…"


class Transcript:
    """Writes the demo's transcript to ``out``."""

    def __init__(self, out: TextIO, *, color: bool | None = None) -> None:
        self.out = out
        if color is None:  # the NO_COLOR convention, and never into pipes or files
            color = out.isatty() and not os.environ.get("NO_COLOR")
        self.color = color

    def _style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def line(self, text: str = "", indent: int = 0) -> None:
        pad = " " * indent
        for part in text.splitlines() or [""]:
            print(pad + part if part else "", file=self.out)
        self.out.flush()

    def paragraph(self, text: str, indent: int = 0) -> None:
        """Prose wrapped to the terminal width the demo assumes."""
        pad = " " * indent
        print(textwrap.fill(text, WIDTH, initial_indent=pad, subsequent_indent=pad), file=self.out)

    def answer(self, text: str, indent: int) -> None:
        """Wrap long lines and keep list items' hanging indent, as a model's answer expects."""
        for raw in text.splitlines():
            stripped = raw.lstrip()
            pad = " " * (indent + len(raw) - len(stripped))
            hanging = pad + ("  " if stripped[:2] in ("- ", "* ") else "")
            wrapped = textwrap.fill(stripped, WIDTH, initial_indent=pad, subsequent_indent=hanging)
            print(wrapped, file=self.out)

    def title(self, text: str) -> None:
        self.line(self._style(text, _BOLD))
        self.line("=" * len(text))

    def heading(self, text: str) -> None:
        self.line()
        self.line(self._style(text, _BOLD))
        self.line("-" * min(len(text), WIDTH))

    def note(self, text: str, indent: int = 2) -> None:
        self.line(self._style(text, _DIM), indent)

    def user(self, text: str) -> None:
        self.line(f"User: {text}", 2)

    def messages(self, messages: Iterable[BaseMessage]) -> None:
        for message in messages:
            if isinstance(message, AIMessage):
                self._ai(message)
            elif isinstance(message, ToolMessage):
                self._tool(message)

    def _ai(self, message: AIMessage) -> None:
        for call in message.tool_calls:
            self.line(f"-> tool call: {format_call(call['name'], call['args'])}", 2)
        text = str(message.text).strip()
        if text and message.tool_calls:  # an LLM's thoughts beside its calls
            self.note(text, 5)
        elif text:
            self.line("Answer:", 2)
            self.answer(text, 4)

    def _tool(self, message: ToolMessage) -> None:
        lines = str(message.text).strip().splitlines() or ["(empty result)"]
        marker = "<- ERROR: " if message.status == "error" else "<- "
        self.line(_cut(marker + lines[0], RESULT_WIDTH - 5), 5)
        for extra in lines[1:RESULT_LINES]:
            self.line(_cut(extra, RESULT_WIDTH - 8), 8)
        if len(lines) > RESULT_LINES:
            self.note(f"... {len(lines) - RESULT_LINES} more line(s) the model also read", 8)

    def progress(self, text: str) -> None:
        """A long tool call's progress, printed while it runs."""
        self.note(f".. {text}", 8)

    def approval(self, name: str, args: dict[str, Any], description: str) -> None:
        self.line(self._style("!! Human approval needed before this write:", _BOLD), 5)
        self.line(format_call(name, args), 8)
        self.paragraph(description, 8)

    def decision(self, decision: str, how: str, reason: str | None = None) -> None:
        because = f' ("{reason}")' if reason else ""
        self.line(f"Decision ({how}): {decision.upper()}{because}", 8)
