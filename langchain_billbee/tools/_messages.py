"""The error texts a model reads: what failed and what to do next, all worded here.

The errors themselves carry facts only (status, method and path, Billbee's ErrorCode and
ErrorMessage, ``retry_after``, a reason); this module turns those facts into sentences, so
each piece of advice is written once and said once.

Two kinds of failure reach an agent. Invalid arguments are caught by the args schema before
any request (``explain_invalid_arguments``); Billbee or network failures are caught after the
wrapper gave up retrying (``explain_failure``). Both become an error ``ToolMessage``, so the
text must let the model recover on its own or tell the user what only a human can fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from langchain_billbee._deadline import CallEndedError
from langchain_billbee._errors import (
    BillbeeAPIError,
    BillbeeAuthenticationError,
    BillbeeConfigurationError,
    BillbeeConnectionError,
    BillbeeError,
    BillbeeNotFoundError,
    BillbeeRateLimitError,
    BillbeeRedirectError,
    BillbeeServerError,
    BillbeeTimeoutError,
    excerpt,
)
from langchain_billbee._settings import DEFAULT_BASE_URL

_CREDENTIAL_VARIABLES = "BILLBEE_USERNAME, BILLBEE_API_PASSWORD and BILLBEE_API_KEY"

# Pydantic's own wording ("Input should be a valid integer, unable to parse string as an
# integer") is written for developers; these say the rule in the model's terms.
_SIMPLE_RULES = {
    "missing": "is required",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "decimal_type": "must be a number",
    "decimal_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "string_too_short": "must not be empty",
}
_BOUND_RULES = {
    "greater_than_equal": ("ge", "must be at least {}"),
    "less_than_equal": ("le", "must be at most {}"),
    "greater_than": ("gt", "must be greater than {}"),
    "less_than": ("lt", "must be less than {}"),
}


def explain_invalid_arguments(
    error: ValidationError, *, tool_name: str, schema: type[BaseModel]
) -> str:
    """Name every rejected argument and its rule, so the model can fix the call itself."""
    properties: dict[str, Any] = schema.model_json_schema().get("properties", {})
    lines = [f"Invalid arguments for {tool_name} (no request was sent to Billbee):"]
    lines.extend(f"- {_explain_one(detail, properties)}" for detail in error.errors())
    lines.append(f"Fix the arguments above and call {tool_name} again.")
    return "\n".join(lines)


def _explain_one(detail: ErrorDetails, properties: dict[str, Any]) -> str:
    loc = detail["loc"]
    if not loc:  # a rule across several fields; its message names them itself
        return _rule(detail, None, properties)
    field = str(loc[0])
    label = field + "".join(f"[{part}]" for part in loc[1:])
    text = f"{label}: {_rule(detail, _schema_node(properties, loc), properties)}"
    if detail["type"] not in ("missing", "extra_forbidden"):
        text += f" — got {_shorten(detail['input'])}"
    description = properties.get(field, {}).get("description")
    return f"{text}. ({field}: {description})" if description else text


def _rule(detail: ErrorDetails, node: dict[str, Any] | None, properties: dict[str, Any]) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    if kind in _SIMPLE_RULES:
        return _SIMPLE_RULES[kind]
    if kind == "extra_forbidden":
        return f"is not an argument of this tool (valid: {_names(properties)})"
    if kind in _BOUND_RULES:
        if node is not None and "minimum" in node and "maximum" in node:
            return f"must be between {node['minimum']} and {node['maximum']}"
        key, template = _BOUND_RULES[kind]
        return template.format(ctx.get(key))
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])  # our own validators already speak to the model
    return detail["msg"]


def _schema_node(properties: dict[str, Any], loc: tuple[int | str, ...]) -> dict[str, Any] | None:
    """The JSON-schema node for ``loc`` (``("order_state_ids", 0)`` is a list item)."""
    node: dict[str, Any] | None = properties.get(str(loc[0]))
    for part in loc[1:]:
        node = _non_null(node)
        node = node.get("items") if node is not None and isinstance(part, int) else None
    return _non_null(node)


def _non_null(node: dict[str, Any] | None) -> dict[str, Any] | None:
    # Optional fields appear as anyOf [<type>, null]; the bounds live on the non-null branch.
    if node is not None and "anyOf" in node:
        branches = [b for b in node["anyOf"] if b.get("type") != "null"]
        return branches[0] if len(branches) == 1 else node
    return node


def _names(properties: Iterable[str]) -> str:
    return ", ".join(properties) or "none"


def _shorten(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def explain_failure(
    tool_name: str, error: BillbeeError, not_found_hint: str, *, verify_hint: str = ""
) -> str:
    """What failed and what to try next, written from the error's facts (never its text).

    ``verify_hint`` is given for write tools only: where to see whether the change landed.
    """
    failed = f"{tool_name} failed: {_what_failed(error)}"
    return f"{failed}\nNext step: {_next_step(tool_name, error, not_found_hint, verify_hint)}"


def _what_failed(error: BillbeeError) -> str:
    headline = _headline(error)
    if headline is None:  # no facts to word: the raiser's own sentence (a setting, a rule)
        return error.message
    facts = [" ".join(p for p in (error.method, error.path) if p)]
    if error.status_code is not None:
        facts.append(f"HTTP {error.status_code}")
    if isinstance(error, BillbeeRedirectError):
        facts.append(f"to {error.location_host or 'no named host'}")
    elif error.reason and not isinstance(error, CallEndedError):
        facts.append(error.reason)
    text = f"{headline} ({'; '.join(f for f in facts if f)})."
    said = error.error_message
    if isinstance(error, BillbeeAPIError):
        said = f"{said or error.error_description or 'no message'} (ErrorCode {error.error_code})"
    return f"{text} Billbee said: {_quoted(said).rstrip('.')}." if said else text


def _headline(error: BillbeeError) -> str | None:
    if isinstance(error, BillbeeConfigurationError):
        return None
    if isinstance(error, CallEndedError):
        return "The call was cancelled"
    if isinstance(error, BillbeeTimeoutError):
        return "The call ran out of time"
    if isinstance(error, BillbeeConnectionError):
        if error.status_code is not None:
            return "The connection to Billbee dropped in the middle of the answer"
        return "Could not reach Billbee"
    if isinstance(error, BillbeeServerError):
        return (
            "Billbee failed" if (error.status_code or 0) >= 500 else "Billbee's answer was unusable"
        )
    for cls, headline in _HEADLINES.items():
        if isinstance(error, cls):
            return headline
    return "Billbee rejected the request" if error.status_code is not None else None


_HEADLINES: dict[type[BillbeeError], str] = {
    BillbeeNotFoundError: "Billbee has no such record",
    BillbeeRateLimitError: "Billbee is rate limiting this account",
    BillbeeAuthenticationError: "Billbee rejected the credentials",
    BillbeeRedirectError: "Billbee's address answered with a redirect, which is never followed; "
    "nothing was sent on",
    BillbeeAPIError: "Billbee refused the request",
}


def _quoted(text: str) -> str:
    """Server text as one bounded line of printable characters (it is data, not structure)."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return excerpt(printable, _QUOTE_CHARS)


_QUOTE_CHARS = 300


def _next_step(tool_name: str, error: BillbeeError, not_found_hint: str, verify_hint: str) -> str:
    if isinstance(error, BillbeeNotFoundError):
        return not_found_hint
    if isinstance(error, BillbeeRateLimitError):
        wait = f"{error.retry_after:g} seconds" if error.retry_after else "about a minute"
        return (
            f"Billbee asks for a pause. Wait {wait} before calling {tool_name} again, and "
            "avoid repeating identical calls; if that is too long, tell the user."
        )
    if isinstance(error, (BillbeeAuthenticationError, BillbeeConfigurationError)):
        return (
            "the Billbee credentials or settings are missing or were rejected; retrying will "
            f"not help. Ask the user to check {_CREDENTIAL_VARIABLES} (the API password from "
            "Billbee's API settings, not the login password), BILLBEE_BASE_URL, and that the "
            "API module is enabled."
        )
    if isinstance(error, BillbeeRedirectError):
        return (
            "retrying will not help. Tell the user that BILLBEE_BASE_URL points at an address "
            f"that redirects (Billbee's API is {DEFAULT_BASE_URL})."
        )
    if isinstance(error, BillbeeAPIError):
        return (
            "Billbee refused the request as sent. Check the arguments against Billbee's "
            "message (ids and SKUs must exist in this account); do not repeat the same call."
        )
    if verify_hint and _may_have_landed(error):
        return _maybe_applied(tool_name, verify_hint)
    if isinstance(error, BillbeeServerError) and (error.status_code or 0) < 500:
        return (
            "the same call will most likely fail the same way. Ask for less (a smaller "
            "page_size) if the answer was too large; otherwise tell the user."
        )
    if isinstance(error, (BillbeeServerError, BillbeeConnectionError)):
        return (
            "Billbee did not answer properly even after retries. Try once more in a minute; "
            "if it fails again, tell the user Billbee is unavailable right now."
        )
    return "Check the arguments, then try once more; if it fails again, tell the user."


def _may_have_landed(error: BillbeeError) -> bool:
    """A write that reached Billbee but was not confirmed. A failed GET (update_stock's SKU
    lookup) or a request that never left means the write itself was not sent."""
    if error.method == "GET" or not isinstance(error, (BillbeeServerError, BillbeeConnectionError)):
        return False
    return not isinstance(error, BillbeeConnectionError) or error.request_sent


def _maybe_applied(tool_name: str, verify_hint: str) -> str:
    return (
        "the change may already be applied: Billbee can carry out a write without confirming "
        f"it. Before telling the user it failed, check {verify_hint}. If the change is not "
        f"there, call {tool_name} again; repeating it is harmless because it sets an absolute "
        "value."
    )


def explain_unexpected(tool_name: str, kind: str) -> str:
    """For failures outside the wrapper's error hierarchy (defensive; should not happen)."""
    return (
        f"{tool_name} failed: {kind}.\nNext step: try once more; if it fails again, tell the "
        "user that the Billbee integration returned an unexpected error."
    )


# ---- the tool boundary (``tools/_guard.py``) --------------------------------------------------

_ARGS_PROBLEMS = {
    "not_an_object": "the arguments must be a JSON object of named fields, got {given}",
    "too_deep": "{subject} nested more than {depth} levels deep; the fields take plain values "
    "or lists of them",
    "lone_surrogate": "{subject} a lone UTF-16 surrogate, which is not valid text and cannot "
    "be sent; send it again as valid Unicode",
}
_SUBJECTS = {
    "too_deep": ("{where} is", "the arguments are"),
    "lone_surrogate": ("{where} has", "the text has"),
}


def explain_args_problem(
    tool_name: str, kind: str, *, where: str, given: str, depth: int, fields: Iterable[str]
) -> str:
    """Arguments no schema rule could judge (not an object, too deep, invalid text)."""
    named, whole = _SUBJECTS.get(kind, ("{where}", ""))
    subject = named.format(where=where) if where else whole
    rule = _ARGS_PROBLEMS[kind].format(subject=subject, given=given, depth=depth)
    return (
        f"Invalid arguments for {tool_name} (no request was sent to Billbee):\n- {rule}\n"
        f"Fix the arguments (fields: {_names(fields)}) and call {tool_name} again."
    )


def explain_crash(tool_name: str, kind: str, *, verify_hint: str = "") -> str:
    """A failure the package did not foresee; ``verify_hint`` when a write may have been sent."""
    if verify_hint:
        consequence = (
            f"the change may have landed, check with {verify_hint} before calling {tool_name} again"
        )
    else:
        consequence = "nothing was changed"
    return (
        f"unexpected error in {tool_name}: {kind}; {consequence}.\nNext step: if it happens "
        "again, tell the user the Billbee integration failed unexpectedly (it is logged)."
    )
