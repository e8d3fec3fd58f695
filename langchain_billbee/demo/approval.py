"""Who decides about a write: the demo's script, a person at the terminal, or a safe default.

``HumanInTheLoopMiddleware`` pauses the agent before each write tool call; the runner shows the
request and asks a :class:`Reviewer` for the decision, then resumes the agent with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Decision", "Reviewer"]

Verdict = Literal["approve", "reject"]
Mode = Literal["scripted", "interactive", "reject"]

SCRIPTED_REJECTION = "Not yet: the payment has not arrived in our bank account."
UNASKED_REJECTION = "This task did not ask for any change in Billbee."
LIVE_REJECTION = "No person was at the terminal to approve a write to the live account."


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    how: str
    """How it was made, for the transcript: "scripted", "yours" ..."""
    reason: str | None = None

    def resume_value(self) -> dict[str, Any]:
        """The decision as ``HumanInTheLoopMiddleware`` expects it."""
        if self.verdict == "approve":
            return {"type": "approve"}
        return {"type": "reject", "message": self.reason or "Rejected by the reviewer."}


class Reviewer:
    """Turns an approval request into a decision.

    ``scripted``: the demo plans each task's decision (approve once, reject once) and prints it
    as scripted. ``interactive``: asks at the terminal. ``reject``: refuses every write; for a
    live account when no one can be asked, because approving real changes unseen would defeat
    the point of approval.
    """

    def __init__(self, mode: Mode, ask: Callable[[str], str] = input) -> None:
        self.mode = mode
        self.ask = ask
        self.log: list[tuple[Verdict, str, dict[str, Any]]] = []
        """Every decision made: verdict, tool name, the call's arguments."""

    def decide(self, planned: Verdict | None, name: str, args: dict[str, Any]) -> Decision:
        decision = self._decide(planned)
        self.log.append((decision.verdict, name, dict(args)))
        return decision

    def _decide(self, planned: Verdict | None) -> Decision:
        if self.mode == "interactive":
            return self._ask_person()
        if self.mode == "reject":
            return Decision("reject", "automatic, nobody to ask", LIVE_REJECTION)
        if planned is None:  # a model writing where the task asked for no change
            return Decision("reject", "scripted for this demo", UNASKED_REJECTION)
        if planned == "approve":
            return Decision("approve", "scripted for this demo")
        return Decision("reject", "scripted for this demo", SCRIPTED_REJECTION)

    def _ask_person(self) -> Decision:
        while True:
            try:
                answer = self.ask("        Approve this write? [y]es / [n]o: ").strip().casefold()
            except EOFError:  # stdin closed while asking: refusing is the safe answer
                return Decision("reject", "stdin closed", "No answer from the terminal.")
            if answer in ("y", "yes", "a", "approve"):
                return Decision("approve", "yours")
            if answer in ("n", "no", "r", "reject"):
                reason = self.ask("        Reason for the agent (optional): ").strip()
                return Decision("reject", "yours", reason or None)
