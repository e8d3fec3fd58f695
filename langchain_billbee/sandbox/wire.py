"""How the sandbox reads and writes Billbee's wire format.

Billbee is an ASP.NET service: JSON is compact, PascalCase, nulls explicit, ``decimal`` values keep
their .NET scale (``30.000``, ``3498.6000000``) and dates carry no zone designator
(``2023-04-22T14:56:23.843``). Query strings are bound the .NET way, except for the names'
case: parameter names must be spelt as the spec spells them (see :func:`parse_query`), arrays
arrive as repeated keys or indexed brackets, booleans ignore case, dates come in many shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import simplejson
from werkzeug.datastructures import MIMEAccept

__all__ = [
    "ERROR_NAMES",
    "NetDecimal",
    "QueryError",
    "dumps",
    "envelope",
    "format_datetime",
    "parse_bool",
    "parse_datetime",
    "parse_query",
    "prefers_xml",
]

# Names of ErrorCode 0..18 from Billbee's official SDK; 19..29 exist in the spec without names.
ERROR_NAMES = (
    "NoError", "ApiNotActivated", "OrderNotFound", "InvoiceNotCreated", "CantCreateInvoice",
    "OrderCanceled", "OrderDeleted", "OrderNotPaid", "InternalError", "OrderExists",
    "WrongShopId", "InvalidData", "CreateUser_DuplicateEmail", "CreateUser_InvalidEmail",
    "CreateUser_UserRejected", "CreateUser_TermsNotAccepted", "NoPaidAccount",
    "APIServiceNotBooked", "CantCreateDeliveryNote",
)  # fmt: skip


class QueryError(ValueError):
    """A query or body value the .NET model binder would refuse (answered with HTTP 400)."""


def format_datetime(value: datetime) -> str:
    """Billbee's date format: no zone, fraction digits only as many as needed (0–7), the year
    in four digits as .NET writes ``DateTime.MinValue`` (``0001-01-01T00:00:00``)."""
    text = value.replace(tzinfo=None).isoformat()  # a third of strftime's time, on every date
    return text.rstrip("0") if value.microsecond else text


class NetDecimal(Decimal):
    """A ``decimal`` as .NET writes it: positional, scale kept (``0E-7`` is ``0.0000000``,
    ``1E-7`` is ``0.0000001``), never exponent notation. Values the sandbox stores from input
    or money helpers are NetDecimals; simplejson writes every Decimal with ``str()``."""

    def __str__(self) -> str:
        return format(self, "f")


def _default(value: Any) -> str:
    if isinstance(value, datetime):
        return format_datetime(value)
    raise TypeError(f"cannot encode {type(value).__name__} for the Billbee wire format")


def dumps(value: Any) -> bytes:
    """Serialize to compact UTF-8 JSON with Decimals as numbers of their own scale (simplejson's
    ``use_decimal``) and zone-less dates."""
    text: str = simplejson.dumps(
        value, ensure_ascii=False, separators=(",", ":"), use_decimal=True, default=_default
    )
    return text.encode("utf-8")


def loads(text: str | bytes) -> Any:
    """Parse a request body: numbers as Decimal, ``NaN``/``Infinity`` refused (not JSON),
    nesting too deep for the parser a :class:`QueryError`, never a crash."""
    try:
        return simplejson.loads(
            text, use_decimal=True, parse_constant=_refuse_constant, allow_nan=False
        )
    except (ValueError, RecursionError):
        raise QueryError("The request body is not valid JSON.") from None


def _refuse_constant(name: str) -> Any:
    raise QueryError(f"The request body is not valid JSON ({name} is not a JSON number).")


def envelope(
    data: Any,
    *,
    paging: Mapping[str, int] | None = None,
    paged: bool = False,
    error_message: str | None = None,
    error_code: int = 0,
) -> dict[str, Any]:
    """Billbee's ApiResult / ApiPagedResult with the captured key order.

    ``ErrorDescription`` is the enum *name* as a string: the spec says int, the captured
    response says ``"NoError"``, and we follow the capture.
    """
    body: dict[str, Any] = {}
    if paged or paging is not None:
        body["Paging"] = dict(paging) if paging is not None else None
    body["ErrorMessage"] = error_message
    body["ErrorCode"] = error_code
    body["ErrorDescription"] = (
        ERROR_NAMES[error_code] if 0 <= error_code < len(ERROR_NAMES) else str(error_code)
    )
    body["Data"] = data
    return body


_INDEXED = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<index>\d*)\]$")


def parse_query(query: str | Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Parse a query string (or its decoded pairs, as werkzeug's ``request.args`` and
    ``request.form`` give them) the way .NET binds it, keys kept as sent.

    Names are matched exactly as the spec spells them (``minimumBillBeeOrderId``,
    ``pageSize``): ASP.NET itself binds names in any case, but Billbee's API notes (§1.7) say
    exact casing matters and a stand-in built from the spec matches them exactly, so a
    miscased name is ignored here, like any parameter the endpoint does not know, and a
    client's spelling mistake shows up as a filter that did not filter.

    Accepts repeated keys (``k=1&k=2``), indexed brackets (``k[0]=1``, also percent-encoded) and
    empty brackets (``k[]=1``). Indexed values are ordered by their index.
    """
    plain: dict[str, list[str]] = {}
    indexed: dict[str, list[tuple[int, int, str]]] = {}
    pairs = parse_qsl(query, keep_blank_values=True) if isinstance(query, str) else query
    for position, (raw_key, value) in enumerate(pairs):
        match = _INDEXED.match(raw_key)
        if match is None:
            plain.setdefault(raw_key, []).append(value)
            continue
        index = int(match["index"]) if match["index"] else position
        indexed.setdefault(match["name"], []).append((index, position, value))
    for key, entries in indexed.items():
        plain.setdefault(key, []).extend(value for _, _, value in sorted(entries))
    return plain


_DATE_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,7}))?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def parse_datetime(text: str) -> datetime:
    """Parse a query date as .NET binds it: date only, ``T`` or space, optional seconds,
    fraction, ``Z`` or offset. A zoned value is converted to UTC and made naive, because
    the sandbox's data is naive (Billbee does not say which zone its naive dates use)."""
    match = _DATE_RE.match(text.strip())
    if match is None:
        raise QueryError(f"'{text}' is not a valid date")
    fraction = (match["f"] or "0").ljust(6, "0")[:6]
    try:  # a month 13 or a February 30 is a binding error too, not a sandbox crash
        day = date.fromisoformat(match["date"])
        value = datetime(
            day.year, day.month, day.day,
            int(match["h"] or 0), int(match["m"] or 0), int(match["s"] or 0), int(fraction),
        )  # fmt: skip
    except ValueError as exc:
        raise QueryError(f"'{text}' is not a valid date") from exc
    zone = match["tz"]
    if zone and zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        try:
            value = (value.replace(tzinfo=timezone(sign * offset))).astimezone(timezone.utc)
        except OverflowError:  # .NET's DateTime.MinValue with a positive offset
            raise QueryError(f"'{text}' is not a valid date") from None
        value = value.replace(tzinfo=None)
    return value


# ASP.NET Web API's formatters in order: JSON first, so a tie goes to JSON.
_MEDIA_TYPES = ("application/json", "text/json", "application/xml", "text/xml")


def prefers_xml(accept: MIMEAccept) -> bool:
    """Whether ASP.NET Web API would answer this ``Accept`` header in XML.

    Its content negotiation ranks by quality, then by how specific the match is, and picks
    JSON on a tie (its first formatter): werkzeug's ``best_match`` ranks the same way. No
    Accept, or one naming neither, gets JSON."""
    return accept.best_match(_MEDIA_TYPES) in _MEDIA_TYPES[2:]


def parse_bool(text: str) -> bool:
    """``true``/``false`` in any case (Billbee's C# SDK sends ``True``, the PHP SDK ``true``)."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise QueryError(f"'{text}' is not a valid boolean")
