"""Several Billbee accounts behind one agent: the account is picked per run, never by the model.

The application builds a :class:`BillbeeAccounts` registry (account id → wrapper, or a callable
that builds the wrapper on first use) and hands it to ``BillbeeToolkit(accounts=...)``. Each run
names its account outside the conversation, in one of two places:

- the run's context, with ``create_agent(..., context_schema=...)`` and
  ``agent.invoke(..., context=AccountContext(billbee_account="north"))`` (any object or mapping
  with a ``billbee_account`` entry);
- ``config={"configurable": {"billbee_account": "north"}}``.

The model never sees or chooses the account: it is not a tool argument, and the credentials stay
in the wrappers, out of messages, state and checkpoints (a context is not checkpointed; the
configurable holds only the account id). Each account's wrapper keeps its own budget, since
Billbee's limits belong to its API key and user. A run without an account, or with one the
registry does not know, gets an error message naming the problem instead of any request; the
same text is logged as a warning for the developer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Union

from langchain_core.runnables import RunnableConfig
from pydantic import SecretStr

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = [
    "ACCOUNT_KEY",
    "AccountError",
    "BillbeeAccounts",
    "account_of",
    "default_wrapper",
    "unresolved_wrapper",
]

logger = logging.getLogger("langchain_billbee")

ACCOUNT_KEY = "billbee_account"
"""The entry of the run's context (or of ``config["configurable"]``) that names the account."""

# Where LangGraph puts a run's Runtime (whose ``context`` is the create_agent context) in the
# config every node and tool receives.
_RUNTIME_KEY = "__pregel_runtime"

Entry = Union["BillbeeAPIWrapper", Callable[[], "BillbeeAPIWrapper"]]
Lookup = Callable[[str], Union["BillbeeAPIWrapper", None]]


class AccountError(LookupError):
    """The run names no account, or one the registry does not know; the text says which."""


class BillbeeAccounts:
    """The application's Billbee accounts by id.

    Args:
        accounts: account id → a ``BillbeeAPIWrapper``, or a callable building one (called once,
            on the account's first run); or a function ``account_id -> wrapper | None`` for
            registries too large or dynamic to list (its wrappers are cached the same way).
    """

    def __init__(self, accounts: Mapping[str, Entry] | Lookup) -> None:
        self._entries: Mapping[str, Entry] | None = None
        self._lookup: Lookup | None = None
        if isinstance(accounts, Mapping):
            self._entries = dict(accounts)
        else:
            self._lookup = accounts
        self._built: dict[str, BillbeeAPIWrapper] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        known = "dynamic" if self._entries is None else ", ".join(sorted(self._entries))
        return f"BillbeeAccounts({known})"

    def wrapper(self, account_id: str) -> BillbeeAPIWrapper:
        """The wrapper of ``account_id``, built on first use; :class:`AccountError` if unknown."""
        with self._lock:
            built = self._built.get(account_id)
            if built is None:
                built = self._build(account_id)
                self._built[account_id] = built
            return built

    def _build(self, account_id: str) -> BillbeeAPIWrapper:
        from langchain_billbee._transport import BillbeeTransport

        if self._entries is not None:
            entry = self._entries.get(account_id)
            value = (
                entry() if callable(entry) and not isinstance(entry, BillbeeTransport) else entry
            )
        else:
            assert self._lookup is not None
            value = self._lookup(account_id)
        if value is None:
            raise AccountError(
                f"This run names the Billbee account {account_id!r}, which the application's "
                "account registry does not know, so no request was sent. The account is chosen "
                "by the application, not by you: tell the user this account is not set up."
            )
        return value

    def resolve(self, config: RunnableConfig | None, *, tool: str = "") -> BillbeeAPIWrapper:
        """The wrapper of the account the run names (context first, then configurable).

        A missing or unknown account raises :class:`AccountError`, logged as a warning too:
        the model reads the message, the developer the log.
        """
        try:
            return self._resolve(config)
        except AccountError as err:
            logger.warning("%s: %s", tool or "Billbee tool", err)
            raise

    def _resolve(self, config: RunnableConfig | None) -> BillbeeAPIWrapper:
        account_id = account_of(config)
        if account_id is None:
            raise AccountError(
                "This run names no Billbee account, so no request was sent. The application "
                f"must pass one: context={{'{ACCOUNT_KEY}': ...}} or config={{'configurable': "
                f"{{'{ACCOUNT_KEY}': ...}}}}. It is not a tool argument; do not try to set it."
            )
        return self.wrapper(account_id)


def account_of(config: RunnableConfig | None) -> str | None:
    """The account id a run names, from its LangGraph context or its configurable."""
    configurable: Mapping[str, Any] = (config or {}).get("configurable") or {}
    context = getattr(configurable.get(_RUNTIME_KEY), "context", None)
    for source in (context, configurable):
        value = source.get(ACCOUNT_KEY) if isinstance(source, Mapping) else None
        if value is None and source is not None and not isinstance(source, Mapping):
            value = getattr(source, ACCOUNT_KEY, None)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def default_wrapper(data: dict[str, Any]) -> BillbeeAPIWrapper:
    """A tool's (or toolkit's) wrapper when none is given: from the BILLBEE_* environment, or,
    when each run picks its account (``accounts=``), a placeholder that never sends."""
    if data.get("accounts") is not None:
        return unresolved_wrapper()
    from langchain_billbee._client import BillbeeAPIWrapper

    return BillbeeAPIWrapper()


def unresolved_wrapper() -> BillbeeAPIWrapper:
    """What a tool built with ``accounts=`` holds until a run names its account.

    Every run replaces it with the account's wrapper before any call; should anything reach it
    anyway, it refuses to send (and its address is a discard port on this machine).
    """
    from langchain_billbee._client import BillbeeAPIWrapper
    from langchain_billbee._errors import BillbeeConfigurationError

    class UnresolvedAccount(BillbeeAPIWrapper):
        def _request(self, method: str, path: str, **_: Any) -> Any:
            raise BillbeeConfigurationError(
                message=f"{method} {path} was not sent: no Billbee account resolved for this run."
            )

    nothing = SecretStr("no-account")
    return UnresolvedAccount(
        username=nothing, api_password=nothing, api_key=nothing, rate_limit_url=SecretStr(""),
        base_url="http://127.0.0.1:9", requests_per_second=None,
    )  # fmt: skip
