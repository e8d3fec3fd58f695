"""Request binding the way Billbee's ASP.NET backend does it: query parameters and JSON bodies
by name, empty values treated as absent, and the paging rules.

Names must be spelt exactly as Billbee's spec spells them (``minimumBillBeeOrderId``, ``Sku``,
``NewStateId``); a miscased one is ignored as unknown. ASP.NET and Newtonsoft would bind any
case, but the API notes (§1.7, §3.7) say exact casing matters and a stand-in built from the
spec matches names exactly: the strict reading lets a client's casing mistake show up here.

A value the model binder cannot convert (``page=abc``, ``page=2147483648`` past int32, an id
with a non-ASCII digit such as ``²``, a JSON object where a string belongs, a body that is not
JSON) raises :class:`~.wire.QueryError`, answered with HTTP 400 and ``{"Message": ...}``. A
number that parses but lies outside .NET's ``decimal`` (``1e29``, ``NaN``, ``Infinity``) is
refused as Billbee refuses invalid data: ErrorCode 11 in the envelope.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, localcontext
from typing import Any

from . import wire
from .records import InvalidData

__all__ = ["Body", "Query", "UnsupportedMediaType", "parse_body", "parse_body_list"]

MAX_PAGE_SIZE = 250
INT_BITS = {32: 2**31, 64: 2**63}
# .NET's decimal: 96-bit mantissa, at most 28 decimal places.
DECIMAL_MAX = Decimal(2**96 - 1)
_ASCII_INT = re.compile(r"\s*[+-]?[0-9]{1,30}\s*")  # .NET parses ASCII digits only
_ASCII_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,6})?\s*")
_NOT_A_NUMBER = frozenset({"nan", "infinity", "-infinity", "+infinity", "inf", "-inf"})


def shown(value: Any) -> str:
    """A client's value as a message quotes it: JSON-like and short, never a Python repr."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def to_int(value: str, name: str, bits: int = 32) -> int:
    """An int32/int64 from text as .NET binds it: ASCII digits, inside the type's range."""
    if _ASCII_INT.fullmatch(value) is None:
        raise wire.QueryError(f"The value '{shown(value)}' is not valid for {name}.")
    return _in_range(int(value), name, bits)


def _in_range(number: int, name: str, bits: int) -> int:
    limit = INT_BITS[bits]
    if not -limit <= number < limit:
        raise wire.QueryError(f"The value '{number}' is outside the Int{bits} range of {name}.")
    return number


def to_decimal(value: Any, name: str) -> Decimal:
    """A number as a .NET ``decimal`` holds it (28 places); non-numbers are a binding error,
    numbers outside the decimal range (also NaN and infinities, which .NET's double parser
    reads) are invalid data."""
    if isinstance(value, str):
        if value.strip().lower() in _NOT_A_NUMBER:
            raise InvalidData(f"Invalid {name} {shown(value)}: not a finite number")
        if _ASCII_NUMBER.fullmatch(value) is None:
            raise wire.QueryError(f"Error converting value '{shown(value)}' for {name}.")
        value = Decimal(value.strip())
    elif isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raise wire.QueryError(f"Error converting value '{shown(value)}' for {name}.")
    if not value.is_finite() or abs(value) > DECIMAL_MAX:
        raise InvalidData(f"Invalid {name} {shown(str(value))}: outside the range of a decimal")
    with localcontext() as context:
        context.prec = 60
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -28:
            value = value.quantize(Decimal(1).scaleb(-28))
        context.prec = 29
        rounded = wire.NetDecimal(+value)
    return rounded


def _integral(value: Decimal) -> bool:
    # Bounded first: int() of 1E+999999999 would build a billion-digit number.
    return value.is_finite() and abs(value) < 2**64 and value == value.to_integral_value()


class Query:
    """Typed access to a query string (exact names, arrays in every Billbee encoding)."""

    def __init__(self, raw: str | Iterable[tuple[str, str]]) -> None:
        self._values = wire.parse_query(raw)

    def strs(self, name: str) -> list[str]:
        return [v for v in self._values.get(name, []) if v != ""]

    def text(self, name: str) -> str | None:
        """A single value; when the name is repeated, the first counts, as .NET binds it."""
        values = self.strs(name)
        return values[0] if values else None

    def integer(self, name: str, default: int | None = None, *, bits: int = 32) -> int | None:
        value = self.text(name)
        return default if value is None else to_int(value, name, bits)

    def integers(self, name: str, *, bits: int = 32) -> list[int]:
        return [to_int(v, name, bits) for v in self.strs(name)]

    def date(self, name: str) -> datetime | None:
        value = self.text(name)
        return None if value is None else wire.parse_datetime(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.text(name)
        return default if value is None else wire.parse_bool(value)

    def paging(self) -> tuple[int, int]:
        """``page`` (default 1) and ``pageSize`` (default 50, 1..250), both int32.

        Out of range is answered inside the envelope (HTTP 200, ErrorCode 11 InvalidData).
        Billbee documents the range, not the reaction; the one validation failure seen on the
        wire ("Parameter SKU is empty") came back as an envelope that Billbee's PHP SDK handed
        to its caller as a normal response, so we treat every validation failure that way."""
        page, size = self.integer("page", 1), self.integer("pageSize", 50)
        assert page is not None and size is not None
        if page < 1:
            raise InvalidData(f"Invalid page {page}: pages start at 1")
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidData(f"Invalid pageSize {size}: values between 1 and 250 are allowed")
        return page, size


class Body:
    """A request body's fields by their exact name (see the module docstring).

    A form body's field may repeat (``Type=order&Type=customer``): a list field takes every
    value, a single-value field the first, as .NET binds it."""

    def __init__(self, fields: dict[str, Any], *, form: bool = False) -> None:
        self._fields, self._form = dict(fields), form

    def get(self, name: str) -> Any:
        value = self._fields.get(name)
        if self._form and isinstance(value, list):
            return value[0] if value else None
        return value

    def strings(self, name: str) -> list[str]:
        """A ``string[]`` field; a single string counts as a list of one (a form sends that)."""
        value = self._fields.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise wire.QueryError(f"Error converting value '{shown(value)}' to string[] for {name}.")

    def integer(self, name: str, *, bits: int = 64) -> int | None:
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return to_int(value, name, bits)
        if isinstance(value, Decimal) and _integral(value):
            return _in_range(int(value), name, bits)
        if isinstance(value, int) and not isinstance(value, bool):
            return _in_range(value, name, bits)
        raise wire.QueryError(f"Error converting value '{shown(value)}' for {name}.")

    def decimal(self, name: str) -> Decimal | None:
        value = self.get(name)
        return None if value is None else to_decimal(value, name)

    def text(self, name: str) -> str | None:
        """A string field; a number or boolean converts as Newtonsoft converts it, an object or
        array where a string belongs is a binding error."""
        value = self.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, Decimal)):
            return str(value)
        raise wire.QueryError(f"Error converting value '{shown(value)}' to string for {name}.")

    def flag(self, name: str) -> bool:
        """A boolean field: JSON ``true``/``false`` or, as a form body sends it (and as
        Newtonsoft also converts), the text ``true``/``false`` in any case; absent is false."""
        value = self.get(name)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str):
            return wire.parse_bool(value)
        raise wire.QueryError(f"Error converting value '{shown(value)}' for {name}.")


class UnsupportedMediaType(Exception):
    """A body in a media type the endpoint does not read (ASP.NET answers 415)."""


# The spec's ``consumes`` lists JSON, XML and form bodies; the sandbox does not read XML.
_READABLE_BODIES = ("application/json", "text/json", "application/x-www-form-urlencoded")


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower() or "application/octet-stream"


def _decode(raw: bytes, content_type: str, form: Iterable[tuple[str, str]] | None) -> Any:
    """The body as JSON (numbers as Decimal) or, for a form, a dict of value lists (from
    ``form``, the pairs werkzeug parsed, when given).

    A body without a Content-Type is ``application/octet-stream`` to ASP.NET, which no
    Billbee endpoint consumes: 415, so a client that forgets the header fails here too.
    """
    media_type = _media_type(content_type)
    if raw.strip() and media_type not in _READABLE_BODIES:
        raise UnsupportedMediaType(
            f"The request entity's media type '{media_type}' is not supported for this resource."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise wire.QueryError("The request body is not valid UTF-8.") from None
    if media_type == "application/x-www-form-urlencoded":
        return wire.parse_query(text if form is None else form)
    return wire.loads(text) if text.strip() else None


def parse_body(
    raw: bytes, content_type: str, form: Iterable[tuple[str, str]] | None = None
) -> Body:
    """A JSON object or a form body, as Billbee's write endpoints accept."""
    decoded = _decode(raw, content_type, form)
    if decoded is None:
        return Body({})
    if not isinstance(decoded, dict):
        raise wire.QueryError("The request body must be a JSON object.")
    return Body(decoded, form=_media_type(content_type) == "application/x-www-form-urlencoded")


def parse_body_list(raw: bytes, content_type: str) -> list[Body]:
    """A JSON array of objects (``updatestockmultiple``). A form body cannot carry one here:
    Billbee's form binding of a list is undocumented, so the sandbox says it reads JSON."""
    decoded = _decode(raw, content_type, None)
    if decoded is None:
        return []
    if not isinstance(decoded, list) or not all(isinstance(item, dict) for item in decoded):
        raise wire.QueryError("The request body must be a JSON array of objects.")
    return [Body(item) for item in decoded]
