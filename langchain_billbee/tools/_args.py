"""Argument types shared by several tools' schemas (paging, ids, ISO dates)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from langchain_billbee._wire import naive, parse_date_text

ISO_DATE_RULE = "must be an ISO 8601 date (2024-05-31) or date-time (2024-05-31T14:30:00)"


def parse_iso_date(value: object) -> date | datetime:
    """Accept what models write for dates and hand the wrapper a typed, naive value.

    An offset ("...Z", "+02:00") follows the wrapper's one rule for dates (converted to UTC,
    then dropped), so a tool and a direct wrapper call mean the same instant.
    """
    if isinstance(value, datetime):
        return naive(value)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return naive(parse_date_text(text))
        except ValueError:
            pass
    raise ValueError(ISO_DATE_RULE)


def parse_iso_date_until(value: object) -> date | datetime:
    """Like ``parse_iso_date``, but a bare date means the whole day (through 23:59:59).

    A model asked for "orders until May 31" writes ``2024-05-31``; sent as midnight it would
    silently drop that day's orders.
    """
    parsed = parse_iso_date(value)
    if isinstance(parsed, datetime):
        return parsed
    return datetime.combine(parsed, time(23, 59, 59))


# The model sees a plain string; the PlainValidator does the checking.
IsoDate = Annotated[
    date | datetime, PlainValidator(parse_iso_date), WithJsonSchema({"type": "string"})
]
IsoDateUntil = Annotated[
    date | datetime, PlainValidator(parse_iso_date_until), WithJsonSchema({"type": "string"})
]


def _reject_bool(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# JSON true is no number, but pydantic reads it as 1 (order state 1, order id 1). Placed after
# the bounds so those stay in the core schema and reach the model as minimum/maximum.
NOT_BOOL = BeforeValidator(_reject_bool)

PageNumber = Annotated[
    int,
    Field(ge=1, description="1-based page number; the result header says how many exist."),
    NOT_BOOL,
]
PageSize = Annotated[int, Field(ge=1, le=250, description="Records per page, 1–250."), NOT_BOOL]
BillbeeId = Annotated[int, Field(ge=1), NOT_BOOL]
StateId = Annotated[int, Field(ge=1, le=17), NOT_BOOL]


class ToolArgs(BaseModel):
    """Base of every args schema: unknown arguments are errors, not silently ignored.

    A model that invents ``status="paid"`` should learn that the argument does not exist
    rather than receive an unfiltered list it takes for a filtered one.
    """

    model_config = ConfigDict(extra="forbid")


def check_date_range(
    low: date | datetime | None, high: date | datetime | None, low_name: str, high_name: str
) -> None:
    """Reject a range whose start lies after its end (an empty result would mislead)."""
    if low is None or high is None:
        return
    if _as_datetime(low) > _as_datetime(high):
        raise ValueError(
            f"{low_name} ({low.isoformat()}) is after {high_name} ({high.isoformat()})"
        )


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)
