"""How the sandbox reads and writes Billbee's wire format.

Billbee is an ASP.NET service: JSON is compact, PascalCase, nulls explicit, ``decimal`` values keep
their .NET scale (``30.000``, ``3498.6000000``) and dates carry no zone designator
(``2023-04-22T14:56:23.843``). Query strings are bound the .NET way, except for the names'
case: parameter names must be spelt as the spec spells them (see :func:`parse_query`), arrays
arrive as repeated keys or indexed brackets, booleans ignore case, dates come in many shapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

__all__ = [
    "ERROR_NAMES",
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
    """Billbee's date format: no zone, fraction digits only as many as needed (0–7)."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}".rstrip("0")
    return text


_MARK = "\x00"
_MARKED_NUMBER = re.compile(r'"\\u0000(-?\d+(?:\.\d+)?)\\u0000"')


def _default(value: Any) -> str:
    if isinstance(value, Decimal):
        # Marked so the number can be written verbatim after the fast C encoder has run;
        # format "f" keeps the scale and never switches to exponent notation (0E-7 → 0.0000000).
        return _MARK + format(value, "f") + _MARK
    if isinstance(value, datetime):
        return format_datetime(value)
    raise TypeError(f"cannot encode {type(value).__name__} for the Billbee wire format")


def dumps(value: Any) -> bytes:
    """Serialize to compact UTF-8 JSON with Decimals verbatim and zone-less dates."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_default)
    return _MARKED_NUMBER.sub(r"\1", text).encode("utf-8")


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


def parse_query(query: str) -> dict[str, list[str]]:
    """Parse a query string the way .NET binds it, keys kept as sent.

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
    for position, (raw_key, value) in enumerate(parse_qsl(query, keep_blank_values=True)):
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


_JSON_TYPES = ("application/json", "text/json")
_XML_TYPES = ("application/xml", "text/xml")


def _best_match(ranges: list[tuple[str, float]], types: tuple[str, ...]) -> tuple[float, int]:
    """(quality, specificity) of the best media range in an Accept header covering ``types``."""
    best = (0.0, 0)
    for media_range, quality in ranges:
        main, _, sub = media_range.partition("/")
        for media_type in types:
            if media_range == media_type:
                specificity = 3
            elif sub == "*" and media_type.startswith(main + "/"):
                specificity = 2
            elif media_range == "*/*":
                specificity = 1
            else:
                continue
            best = max(best, (quality, specificity))
    return best


def prefers_xml(accept: str) -> bool:
    """Whether ASP.NET Web API would answer this ``Accept`` header in XML.

    Its content negotiation ranks by quality, then by how specific the match is, and picks
    JSON on a tie (its first formatter); no Accept, or one naming neither, gets JSON."""
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media_range, *params = (p.strip().lower() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_range:
            ranges.append((media_range, quality))
    xml, json_ = _best_match(ranges, _XML_TYPES), _best_match(ranges, _JSON_TYPES)
    return xml[0] > 0 and xml > json_


def parse_bool(text: str) -> bool:
    """``true``/``false`` in any case (Billbee's C# SDK sends ``True``, the PHP SDK ``true``)."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise QueryError(f"'{text}' is not a valid boolean")
