"""``BillbeeBaseTool``: running, output shaping and error translation, written once (the
failures' side in ``_failures.ToolFailures``).

Each concrete tool declares a name, a description, an args schema, its access and a one-line
``_call`` into the wrapper; everything an agent loop depends on lives here:

- ``response_format="content_and_artifact"``: compact text for the model, the full records
  (Billbee's wire shape, JSON-ready) for the application;
- invalid arguments become an error ``ToolMessage`` naming each field and rule, before any
  request is sent;
- a Billbee or network failure becomes an error ``ToolMessage`` saying what failed and what to
  try, never an exception in the agent loop;
- ``ainvoke`` runs the same sync path in a worker thread (``BaseTool``'s own ``_arun``: the
  wrapper is synchronous, and a thread keeps the event loop free without a copied async body).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar, cast

import requests
from langchain_core.callbacks import CallbackManagerForToolRun
from langchain_core.messages import ToolCall, ToolMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import ArgsSchema, BaseTool, ToolException
from langchain_core.tools.base import ToolExceptionHandlerOutput
from pydantic import BaseModel, Field, ValidationError, model_validator
from typing_extensions import Self

from langchain_billbee._errors import BillbeeError
from langchain_billbee._write_context import ToolRun, tool_run
from langchain_billbee.accounts import AccountError, BillbeeAccounts, default_wrapper
from langchain_billbee.tools._failures import ToolFailures
from langchain_billbee.tools._format import Rendered, asked_page_size
from langchain_billbee.tools._guard import ArgumentErrorExplainer, BadArgs, checked_input
from langchain_billbee.tools._sanitize import WRITE_TOOL_RULE, for_model
from langchain_billbee.tools._schema import compact_model

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper
else:
    # BillbeeAPIWrapper's bases are the resource modules, which import this one, so it cannot
    # be imported here at run time. The field checks for its transport base instead, which
    # every wrapper is; type checkers see the wrapper with all its operations.
    from langchain_billbee._transport import BillbeeTransport as BillbeeAPIWrapper

Access = Literal["read", "write"]
_TOOL_CALL_ID = "__billbee_tool_call_id"  # carried from _to_args_and_kwargs to _run


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


ArgsT = TypeVar("ArgsT", bound=BaseModel)
NO_CONFIG: RunnableConfig = {}


@dataclass
class _Guarded:
    """What a tool call answers in place of the exception its last guard caught."""

    output: str | ToolMessage | None = None


class BillbeeBaseTool(BaseTool, ToolFailures, Generic[ArgsT]):
    """Base class of the Billbee tools in ``BILLBEE_TOOLS``; subclasses only declare."""

    accounts: BillbeeAccounts | None = Field(default=None, exclude=True)
    """Several Billbee accounts: each run names its own (:mod:`langchain_billbee.accounts`)."""

    api_wrapper: BillbeeAPIWrapper = Field(default_factory=default_wrapper)
    """The Billbee client; by default built from the BILLBEE_* environment variables."""

    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    # A ToolException's text becomes the content of an error ToolMessage.
    handle_tool_error: bool | str | Callable[[ToolException], ToolExceptionHandlerOutput] | None = (
        True
    )

    access: ClassVar[Access] = "read"
    """``"write"`` tools change live data; the toolkit's read-only mode and approval use it."""

    review_note: ClassVar[str] = ""
    """For write tools: what a human approving the call should know (``interrupt_on()``)."""

    not_found_hint: ClassVar[str] = "Check the id you passed."
    """The next step offered when Billbee answers 404 for this tool's request."""

    verify_hint: ClassVar[str] = ""
    """For write tools: where to see whether a change Billbee did not confirm has landed."""

    undescribed_args: ClassVar[frozenset[str]] = frozenset()
    """Arguments sent to a model without their description, because another tool's schema
    describes them and this tool's description says so (it saves characters in every call)."""

    example_args: ClassVar[Mapping[str, Any]]
    """Arguments that run against the sandbox's default shop; every test suite invokes the tool
    with them. A write's example is safe: it sets the value the record already has."""

    @model_validator(mode="after")
    def _declare_access_and_handlers(self) -> Self:
        # Tags and metadata travel with every run (callbacks, traces), so a write is visible
        # as a write wherever the call is observed.
        self.tags = list(dict.fromkeys([*(self.tags or []), "billbee", self.access]))
        self.metadata = {**(self.metadata or {}), "billbee_access": self.access}
        if self.access == "write" and WRITE_TOOL_RULE not in self.description:
            self.description = f"{self.description} {WRITE_TOOL_RULE}"
        if "handle_validation_error" not in self.model_fields_set:
            self.handle_validation_error = ArgumentErrorExplainer(self.name, self._schema())
        return self

    @classmethod
    def args_schema_class(cls) -> type[BaseModel]:
        """The declared args schema, without building the tool (which needs a wrapper)."""
        return cast("type[BaseModel]", cls.model_fields["args_schema"].default)

    @classmethod
    def preview_change(cls, api: BillbeeAPIWrapper, args: Any) -> str:
        """For write tools: read what ``args`` name and describe the change (approval
        preview); the base has nothing to read and repeats the review note."""
        return cls.review_note

    def _schema(self) -> type[ArgsT]:
        return cast("type[ArgsT]", self.args_schema)

    @property
    def tool_call_schema(self) -> ArgsSchema:
        """LangChain's schema for models, without the ``null`` boilerplate (see ``_schema``)."""
        schema = super().tool_call_schema
        if not isinstance(schema, type):
            return schema
        return compact_model(schema, type(self).undescribed_args)

    def invoke(
        self,
        input: str | dict[str, Any] | ToolCall,
        config: RunnableConfig | None = None,
        **kwargs: Any,
    ) -> Any:
        with self._last_guard(input) as guarded:
            return super().invoke(self._dict_args(input), config, **kwargs)
        return guarded.output

    async def ainvoke(
        self,
        input: str | dict[str, Any] | ToolCall,
        config: RunnableConfig | None = None,
        **kwargs: Any,
    ) -> Any:
        # The call's scope opens here, in the caller's context; the worker thread that runs
        # the sync path inherits it (LangChain copies the context into it). If this coroutine
        # ends early (cancelled, or an asyncio.wait_for timeout), leaving the block ends the
        # scope, and the abandoned worker sends nothing more: a cancelled write never lands.
        with self._last_guard(input) as guarded:
            return await super().ainvoke(self._dict_args(input), config, **kwargs)
        return guarded.output

    @contextmanager
    def _last_guard(self, given: object) -> Iterator[_Guarded]:
        """Around invoke and ainvoke: one time budget (the wrapper's call_timeout) for the
        whole tool call, all its requests; an exception is answered in ``output``, never raised
        into the agent loop (a CancelledError is a BaseException and passes, as it must)."""
        guarded = _Guarded()
        message: str | None = None
        with self.api_wrapper._call_scope():
            try:
                yield guarded
            except Exception as err:
                # Whatever failed here may have failed after a write was sent.
                message = self._crash(err, may_have_sent=True)
        if message is not None:
            guarded.output = self._error_output(given, message)

    def _dict_args(self, value: str | dict[str, Any] | ToolCall) -> str | dict[str, Any] | ToolCall:
        """The input with arguments LangChain can take (``_guard.checked_input``); a problem
        is a ``BadArgs``, which ``_to_args_and_kwargs`` reports as an argument error."""
        return checked_input(value, self._schema().model_fields)

    def _to_args_and_kwargs(
        self, tool_input: str | dict[str, Any], tool_call_id: str | None
    ) -> tuple[tuple[str, ...], dict[str, Any]]:
        if isinstance(tool_input, BadArgs):
            raise self._failure(self._explain_args_problem(tool_input.problem))
        # LangChain skips validation when the schema has no fields, so an argument-less tool
        # would silently drop an invented argument that ToolArgs(extra="forbid") must name.
        schema = self._schema()
        if isinstance(tool_input, dict) and tool_input and not schema.model_fields:
            schema.model_validate(tool_input)
        try:
            args, kwargs = super()._to_args_and_kwargs(tool_input, tool_call_id)
            if tool_call_id is not None:  # only here does LangChain hand over the call's id
                kwargs[_TOOL_CALL_ID] = tool_call_id
            return args, kwargs
        except (ValidationError, ToolException):
            raise
        except Exception as err:
            message = self._crash(err, may_have_sent=False)
        raise self._failure(message)

    @abstractmethod
    def _call(self, args: ArgsT) -> Rendered:
        """One call into the wrapper and one into ``_format``; nothing else."""

    def _run(
        self,
        *args: Any,
        config: RunnableConfig = NO_CONFIG,
        run_manager: CallbackManagerForToolRun | None = None,
        **kwargs: Any,
    ) -> Rendered:
        if self.accounts is not None:  # this run's own account, resolved outside the model
            return self._for_account(config)._run(*args, run_manager=run_manager, **kwargs)
        tool_call_id = kwargs.pop(_TOOL_CALL_ID, None)
        run = ToolRun(
            tool=self.name,
            run_id=str(run_manager.run_id) if run_manager is not None else None,
            parent_run_id=_text_or_none(run_manager.parent_run_id) if run_manager else None,
            tool_call_id=tool_call_id,
        )
        with tool_run(run):  # a write's audit record names this run and tool call
            return self._run_validated(*args, **kwargs)

    def _run_validated(self, *args: Any, **kwargs: Any) -> Rendered:
        schema = self._schema()
        if args and schema.model_fields:  # a bare string fills the first field (LangChain's rule)
            kwargs = {next(iter(schema.model_fields)): args[0], **kwargs}
        # BaseTool has already validated the input; this gives the typed object with defaults.
        params = schema.model_validate(kwargs)
        try:
            with asked_page_size(getattr(params, "page_size", None)):
                content, artifact = self._call(params)
            return self._scrub(for_model(self._scrub(content))), artifact
        except BillbeeError as err:
            raise self._failure(self._explain(err)) from err
        except ValidationError as err:
            # Raised while parsing Billbee's answer, not our arguments: it must not reach
            # LangChain, which would report it as invalid tool input.
            shape = f"Billbee's response did not match the expected shape ({err.title})"
            raise self._failure(self._unexpected(shape)) from err
        except requests.RequestException as err:  # the wrapper maps these; belt and braces
            raise self._failure(self._unexpected(f"network error ({type(err).__name__})")) from err
        except Exception as err:
            message = self._crash(err, may_have_sent=True)
        # Raised outside the handler, so the ToolException chains nothing whose frames could
        # hold request state.
        raise self._failure(message)

    def _for_account(self, config: RunnableConfig) -> Self:
        assert self.accounts is not None
        try:
            wrapper = self.accounts.resolve(config, tool=self.name)
        except AccountError as err:
            raise self._failure(str(err)) from None
        return self.model_copy(update={"api_wrapper": wrapper, "accounts": None})
