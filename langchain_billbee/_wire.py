"""What goes on and comes off the wire: JSON with exact decimals, query encoding, dates."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from langchain_billbee._errors import BillbeeServerError

__all__ = [
    "MAX_JSON_DEPTH",
    "DateLike",
    "JSONTooDeepError",
    "dumps",
    "encode_params",
    "format_query_date",
    "loads",
    "naive",
    "parse_date_text",
    "parse_record",
    "unwrap_data",
]

M = TypeVar("M", bound=BaseModel)

DateLike = date | datetime | str
"""What the public methods accept for a date filter."""


def naive(value: datetime) -> datetime:
    """The one rule for dates with an offset, in responses and in filters alike: convert to UTC,
    then drop the zone (Billbee's own dates carry none, and naive values must compare).
    """
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    except OverflowError:
        # .NET's DateTime.MinValue/MaxValue written with a local offset
        # ("0001-01-01T00:00:00+01:00") has no UTC value in Python's range; the error is no
        # ValueError, so it would escape pydantic and crash the caller. Keep the wall time.
        return value.replace(tzinfo=None)


MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects read from Billbee. Its deepest documented shape (an
envelope around orders, their items, a product and its attributes) is under ten levels; a
body nested hundreds deep would raise ``RecursionError`` in the decoder, or in whatever walks
the records next (validation, copies, the artifact's JSON)."""


class JSONTooDeepError(ValueError):
    """A JSON body nested deeper than :data:`MAX_JSON_DEPTH`."""


def loads(body: str | bytes) -> Any:
    """Decode JSON, keeping .NET decimals exact: ``30.000`` stays ``Decimal("30.000")``.

    Raises ``ValueError`` for text that is not JSON, :class:`JSONTooDeepError` for JSON
    nested deeper than :data:`MAX_JSON_DEPTH`.
    """
    try:
        value = json.loads(body, parse_float=Decimal)
    except RecursionError:
        value = None
        too_deep = True
    else:
        too_deep = _deeper_than(value, MAX_JSON_DEPTH)
    if too_deep:
        raise JSONTooDeepError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _deeper_than(value: object, limit: int) -> bool:
    # Level by level, not recursive: a recursive walk would hit the limit it guards against.
    # (About a quarter of the decoding time on a page of 250 orders.)
    level: list[Any] = [value] if type(value) in (dict, list) else []
    depth = 1
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                if type(child) is dict or type(child) is list:
                    below.append(child)
        level, depth = below, depth + 1
    return False


def _encode_decimal(value: object) -> object:
    if isinstance(value, Decimal):
        # The stdlib encoder cannot emit a Decimal as a number; quantities we send are small
        # and integral in practice, and a float keeps any fractional part to 15 digits.
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(payload: object) -> bytes:
    """Encode a request body as compact UTF-8 JSON."""
    text = json.dumps(payload, default=_encode_decimal, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def format_query_date(value: DateLike) -> str:
    """Format a date filter as ``YYYY-MM-DDTHH:MM:SS`` (no offset).

    A bare date means midnight. A value with an offset is converted to UTC first, the same rule
    the models apply to response dates, because Billbee's query parameters carry no zone either.
    """
    if isinstance(value, str):
        value = parse_date_text(value)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return naive(value).replace(microsecond=0).isoformat(timespec="seconds")


def parse_date_text(text: str) -> datetime:
    """An ISO 8601 date or date-time string, "Z" included; a bad one is a ValueError."""
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        # Python 3.10's fromisoformat does not read the "Z" suffix.
        cleaned = cleaned[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date or date-time (use e.g. 2024-05-01 or "
            "2024-05-01T13:00:00)"
        ) from None


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return format_query_date(value)
    return str(value)


def encode_params(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """Query pairs in insertion order; ``None`` dropped, sequences as repeated keys.

    Repeated keys (``orderStateId=1&orderStateId=3``) are what Billbee's spec declares
    (``collectionFormat: multi``); its SDKs' indexed brackets are accepted too but not needed.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
            pairs.extend((key, _scalar(item)) for item in value if item is not None)
        else:
            pairs.append((key, _scalar(value)))
    return pairs


# Any of these keys makes an object Billbee's envelope (spec ``ApiResult``/``ApiPagedResult``).
# None of the spec's properties is required, so a serializer that leaves out nulls and zeros
# may send ``{"Paging": {...}}`` alone for an empty page: that has no Data, it is not a record.
_ENVELOPE_KEYS = ("Data", "ErrorCode", "ErrorMessage", "ErrorDescription", "Paging")


def unwrap_data(payload: Any) -> Any:
    """The ``Data`` of an envelope; bare arrays (``/enums/*``) and empty bodies pass through."""
    if isinstance(payload, Mapping) and any(key in payload for key in _ENVELOPE_KEYS):
        return payload.get("Data")
    return payload


def parse_record(model: type[M], data: Any, method: str, path: str) -> M:
    """Validate one record; a shape we cannot read is Billbee's fault, reported as such."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise BillbeeServerError(
            method=method, path=path, reason=f"could not be read ({where}: {first['msg']})"
        ) from exc
