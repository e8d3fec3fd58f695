"""Request binding the way Billbee's ASP.NET backend does it: query parameters and JSON bodies
by name, empty values treated as absent, and the paging rules.

Names must be spelt exactly as Billbee's spec spells them (``minimumBillBeeOrderId``, ``Sku``,
``NewStateId``); a miscased one is ignored as unknown. ASP.NET and Newtonsoft would bind any
case, but the API notes (§1.7, §3.7) say exact casing matters and a stand-in built from the
spec matches names exactly: the strict reading lets a client's casing mistake show up here.

A value the model binder cannot convert (``page=abc``, a body that is not JSON) raises
:class:`~.wire.QueryError`, answered with HTTP 400 and ``{"Message": ...}``.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

from . import wire
from .records import InvalidData

__all__ = ["Body", "Query", "UnsupportedMediaType", "parse_body"]

MAX_PAGE_SIZE = 250


class Query:
    """Typed access to a query string (exact names, arrays in every Billbee encoding)."""

    def __init__(self, raw: str) -> None:
        self._values = wire.parse_query(raw)

    def strs(self, name: str) -> list[str]:
        return [v for v in self._values.get(name, []) if v != ""]

    def text(self, name: str) -> str | None:
        """A single value; when the name is repeated, the first counts, as .NET binds it."""
        values = self.strs(name)
        return values[0] if values else None

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.text(name)
        return default if value is None else _to_int(value, name)

    def integers(self, name: str) -> list[int]:
        return [_to_int(v, name) for v in self.strs(name)]

    def date(self, name: str) -> datetime | None:
        value = self.text(name)
        return None if value is None else wire.parse_datetime(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.text(name)
        return default if value is None else wire.parse_bool(value)

    def paging(self) -> tuple[int, int]:
        """``page`` (default 1) and ``pageSize`` (default 50, 1..250).

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


def _to_int(value: str, name: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise wire.QueryError(f"The value '{value}' is not valid for {name}.") from None


class Body:
    """A request body's fields by their exact name (see the module docstring)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = dict(fields)

    def get(self, name: str) -> Any:
        return self._fields.get(name)

    def integer(self, name: str) -> int | None:
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise wire.QueryError(f"Error converting value '{value}' for {name}.")

    def decimal(self, name: str) -> Decimal | None:
        value = self.get(name)
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value))
        except ArithmeticError:
            raise wire.QueryError(f"Error converting value '{value}' for {name}.") from None

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else str(value)

    def flag(self, name: str) -> bool:
        """A boolean field: JSON ``true``/``false`` or, as a form body sends it (and as
        Newtonsoft also converts), the text ``true``/``false`` in any case; absent is false."""
        value = self.get(name)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str):
            return wire.parse_bool(value)
        raise wire.QueryError(f"Error converting value '{value}' for {name}.")


class UnsupportedMediaType(Exception):
    """A body in a media type the endpoint does not read (ASP.NET answers 415)."""


# The spec's ``consumes`` lists JSON, XML and form bodies; the sandbox does not read XML.
_READABLE_BODIES = ("application/json", "text/json", "application/x-www-form-urlencoded")


def parse_body(raw: bytes, content_type: str) -> Body:
    """JSON (numbers as Decimal) or form-urlencoded, as Billbee's write endpoints accept.

    A body without a Content-Type is ``application/octet-stream`` to ASP.NET, which no
    Billbee endpoint consumes: 415, so a client that forgets the header fails here too.
    """
    media_type = content_type.split(";", 1)[0].strip().lower() or "application/octet-stream"
    if raw.strip() and media_type not in _READABLE_BODIES:
        raise UnsupportedMediaType(
            f"The request entity's media type '{media_type}' is not supported for this resource."
        )
    if "x-www-form-urlencoded" in content_type.lower():
        return Body(dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)))
    if not raw.strip():
        return Body({})
    try:
        parsed = json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise wire.QueryError("The request body is not valid JSON.") from None
    if not isinstance(parsed, dict):
        raise wire.QueryError("The request body must be a JSON object.")
    return Body(parsed)
