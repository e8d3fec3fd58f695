"""What every args schema shares: argument types (paging, ids, ISO dates) and the wire names.

A schema field's ``serialization_alias`` is its Billbee name: :class:`ToolArgs` derives
camelCase query names (``page_size`` → ``pageSize``), :data:`BODY` PascalCase body names
(``new_state_id`` → ``NewStateId``), and a field says its own where Billbee differs
(``order_state_ids`` → ``orderStateId``). :func:`wire` turns a wrapper method's keywords into the
query or body by those names, so the mapping is written once, next to the argument's rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time
from typing import Annotated, Any, get_args, get_origin

from pydantic import (
    AliasGenerator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.alias_generators import to_camel, to_pascal
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from langchain_billbee._wire import format_query_date, naive, parse_date_text

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


class _WireDate:
    """Marks a date argument: :func:`wire` sends it in Billbee's query-date format."""


WIRE_DATE = _WireDate()

# The model sees a plain string; the PlainValidator does the checking.
IsoDate = Annotated[
    date | datetime, PlainValidator(parse_iso_date), WithJsonSchema({"type": "string"}), WIRE_DATE
]
IsoDateUntil = Annotated[
    date | datetime,
    PlainValidator(parse_iso_date_until),
    WithJsonSchema({"type": "string"}),
    WIRE_DATE,
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
SearchTerm = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
"""A search term, order number, SKU or EAN as a model writes it (outer spaces dropped)."""


class ToolArgs(BaseModel):
    """Base of every args schema: unknown arguments are errors, not silently ignored.

    A model that invents ``status="paid"`` should learn that the argument does not exist
    rather than receive an unfiltered list it takes for a filtered one. Wire names are
    camelCase query names unless a field or the schema (:data:`BODY`) says otherwise; they
    are serialization aliases only, so the model keeps seeing the snake_case names.
    """

    model_config = ConfigDict(
        extra="forbid", alias_generator=AliasGenerator(serialization_alias=to_camel)
    )

    def kwargs(self, *, exclude: Collection[str] = ()) -> dict[str, Any]:
        """The validated arguments by name: the keywords of the wrapper method they feed.

        An empty list filter (``order_state_ids=[]``) is no filter, so it is passed as ``None``.
        """
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return {name: None if v == [] else v for name, v in values.items() if name not in exclude}


BODY = ConfigDict(extra="forbid", alias_generator=AliasGenerator(serialization_alias=to_pascal))
"""``model_config`` of a schema whose arguments travel in a JSON body (PascalCase names)."""


def wire(schema: type[BaseModel], values: Mapping[str, object]) -> dict[str, object]:
    """Billbee's query or body for snake_case ``values``, by the wire names ``schema`` declares.

    ``values`` may be a wrapper method's ``locals()`` taken first thing (``self`` is skipped).
    Dates are formatted as Billbee's query dates; ``None`` stays ``None`` (the query encoder
    drops it). A name the schema does not declare raises, so a wrapper keyword cannot silently
    stop reaching Billbee.
    """
    fields = schema.model_fields
    out: dict[str, object] = {}
    for name, value in values.items():
        if name == "self":
            continue
        field = fields.get(name)
        if field is None or field.serialization_alias is None:
            raise TypeError(f"{schema.__name__} declares no Billbee name for {name!r}")
        if value is not None and _is_date(field):
            value = format_query_date(value)  # type: ignore[arg-type]
        out[field.serialization_alias] = value
    return out


def _is_date(field: FieldInfo) -> bool:
    return WIRE_DATE in field.metadata or _marked(field.annotation)


def _marked(annotation: object) -> bool:
    """Whether ``WIRE_DATE`` sits in ``annotation`` (inside ``X | None`` too)."""
    if get_origin(annotation) is Annotated:
        return WIRE_DATE in getattr(annotation, "__metadata__", ())
    return any(_marked(arg) for arg in get_args(annotation))


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
