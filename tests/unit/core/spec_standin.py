"""A strict Billbee stand-in: answers every request from the spec's response schema.

``SpecStandIn`` is a handler for :class:`~tests.unit.core.fakes.ScriptedAdapter`: it checks
each request with :class:`~tests.unit.core.spec.SpecRequests` (problems are collected, not
raised, so a tool under test still gets its answer) and replies with a body generated from the
operation's declared response schema, in one of several ``VARIANTS`` for what the spec leaves
open (nulls, date-time styles, ``ErrorDescription`` as int or name, no ``Paging``, no ``Data``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from langchain_core.tools import BaseTool

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.tools import BILLBEE_TOOLS
from tests.unit.core.fakes import Reply, ScriptedAdapter, make_api
from tests.unit.core.spec import Operation, SpecRequests

STATES = ["Bestellt", "Bestaetigt", "Zahlung_erhalten", "Versendet", "Reklamation", "Geloescht",
          "Abgeschlossen", "Storniert", "Archiviert", "Rated", "Mahnung", "Mahnung2", "Gepackt",
          "Angeboten", "Zahlungserinnerung", "Im_Fulfillment", "Retoure"]  # fmt: skip
ORDER_STATES_BARE = [{"Id": i, "Name": name} for i, name in enumerate(STATES, start=1)]


@dataclass(frozen=True)
class Variant:
    """How the stand-in fills what the spec leaves open."""

    name: str
    nulls: bool = False  # optional strings and objects inside records are null
    null_lists: bool = False  # arrays inside records are null (.NET serializes a null List so)
    date_time: str = "2023-04-22T14:56:23.843"
    error_description: object = "NoError"  # spec: int enum; captured response: the name
    error_message: object = None
    paging: bool = True
    data: bool = True
    sparse: bool = False  # nulls and zero error fields left out (none is required)
    number: float | int = 158.76
    int64: int = 100000186018330


VARIANTS = (
    Variant("spec-values", error_description=0, error_message=""),
    Variant("captured-style", date_time="2023-04-29T13:32:39.36"),
    Variant("nulls", nulls=True, date_time="2023-03-30T00:00:00"),
    Variant("null-lists", null_lists=True, date_time="2024-01-31T13:05:00.1234567"),
    Variant("utc-offsets", date_time="2022-07-22T09:54:25.310+02:00", error_description=0),
    Variant("zulu", nulls=True, date_time="2022-08-10T09:05:01.787Z"),
    Variant("dotnet-min-local", date_time="0001-01-01T00:00:00+01:00"),
    Variant("no-paging", paging=False),
    Variant("no-data", data=False, paging=False),
    Variant("sparse", nulls=True, null_lists=True, sparse=True, error_description=None),
    Variant("sparse-empty", sparse=True, data=False, error_description=None),
    Variant("integral-numbers-max-ids", number=30, int64=2**63 - 1),
)


@dataclass
class Faker:
    """Builds values for a schema: every declared property, with its declared type."""

    definitions: dict[str, Any]
    variant: Variant
    items: int = 2

    def record(self, schema: dict[str, Any], depth: int = 0) -> Any:
        ref = schema.get("$ref", "")
        target = self.definitions[ref.split("/")[-1]] if ref else schema
        kind = target.get("type") or ("object" if "properties" in target else None)
        if kind == "array":
            return [self.record(target.get("items", {}), depth + 1) for _ in range(self.items)]
        if kind == "object" and "properties" in target:
            return self._object(target, depth)
        if kind == "object":
            return {}
        return self.scalar(target)

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        required = set(schema.get("required", []))
        out: dict[str, Any] = {}
        for name, prop in schema["properties"].items():
            value = self._property(prop, name in required, depth)
            if value is not None or not self.variant.sparse:
                out[name] = value
        return out

    def _property(self, prop: dict[str, Any], required: bool, depth: int) -> Any:
        target = self.definitions[prop["$ref"].split("/")[-1]] if "$ref" in prop else prop
        kind = target.get("type") or ("object" if "properties" in target else None)
        if kind == "array" and (self.variant.null_lists or depth > 4):
            return None
        if kind in ("string", "object") and self.variant.nulls and not required:
            return None
        if kind == "object" and depth > 4:
            return None
        return self.record(prop, depth + 1)

    def scalar(self, schema: dict[str, Any]) -> Any:
        kind, fmt = schema.get("type"), schema.get("format")
        if "enum" in schema:
            return schema["enum"][min(2, len(schema["enum"]) - 1)]
        if kind == "integer":
            return self.variant.int64 if fmt == "int64" else 4711
        if kind == "number":
            return self.variant.number
        if kind == "boolean":
            return True
        if fmt == "date-time":
            return self.variant.date_time
        return "Text äöü"


ResponseFor = Callable[[Operation, "SpecStandIn"], Reply | None]


@dataclass
class SpecStandIn:
    """ScriptedAdapter handler: validates each request, answers from the response schema."""

    checker: SpecRequests
    variant: Variant = VARIANTS[0]
    override: ResponseFor | None = None
    problems: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)

    def __call__(self, request: requests.PreparedRequest) -> Reply:
        op, problems = self.checker.check(request)
        self.problems += problems
        if op is None:
            return Reply(404)
        self.operations.append(op.key)
        reply = self.override(op, self) if self.override is not None else None
        return reply if reply is not None else Reply(200, self.body(op))

    def body(self, op: Operation) -> Any:
        schema = op.spec["responses"]["200"].get("schema")
        if schema is None:
            return None
        if op.template.startswith("/api/v1/enums/"):  # spec: "object"; Billbee: bare array
            return ORDER_STATES_BARE
        return self.envelope(schema)

    def envelope(self, schema: dict[str, Any]) -> dict[str, Any]:
        faker = Faker(self.checker.definitions, self.variant)
        props = self.checker.resolve(schema)["properties"]
        out: dict[str, Any] = {}
        if "Paging" in props and self.variant.paging:
            out["Paging"] = {"Page": 1, "TotalPages": 3, "TotalRows": 5, "PageSize": 2}
        out["ErrorMessage"] = self.variant.error_message
        out["ErrorCode"] = 0
        out["ErrorDescription"] = self.variant.error_description
        if self.variant.data:
            out["Data"] = faker.record(props["Data"])
        if self.variant.sparse:
            out = {key: value for key, value in out.items() if value not in (None, 0)}
        assert set(out) <= set(props), set(out) - set(props)
        return out


def stand_in(
    checker: SpecRequests, variant: Variant = VARIANTS[0], override: ResponseFor | None = None
) -> tuple[BillbeeAPIWrapper, SpecStandIn, ScriptedAdapter]:
    handler = SpecStandIn(checker, variant, override)
    adapter = ScriptedAdapter(default=handler)
    return make_api(adapter, max_retries=0), handler, adapter


def tool_calls(api: BillbeeAPIWrapper) -> Iterator[tuple[BaseTool, dict[str, Any]]]:
    """Every tool of the table with its example args, then each other path through the tools
    (filters, customer_id, search, sku or product id)."""
    built: list[BaseTool] = [cls(api_wrapper=api) for cls in BILLBEE_TOOLS]  # type: ignore[call-arg]
    for cls, tool in zip(BILLBEE_TOOLS, built, strict=True):
        yield tool, dict(cls.example_args)
    tools = {tool.name: tool for tool in built}
    orders = tools["billbee_list_orders"]
    yield orders, {"min_order_date": "2024-05-01", "max_order_date": "2024-05-31",
                   "order_state_ids": [3], "shop_ids": [7], "tags": ["Express"]}  # fmt: skip
    yield orders, {"customer_id": 300000147804918, "page": 2}
    yield tools["billbee_get_order"], {"order_id": 100000186018330}
    yield tools["billbee_update_order_state"], {"order_id": 100000186018330, "new_state_id": 4}
    yield tools["billbee_list_products"], {"min_created_at": "2024-01-01T00:00:00"}
    yield tools["billbee_list_customers"], {"page": 2, "page_size": 10}
    yield tools["billbee_list_customers"], {"search": "Unna"}
    yield tools["billbee_list_invoices"], {"min_pay_date": "2024-05-01", "include_positions": True}
    yield tools["billbee_get_order_states"], {}
    yield tools["billbee_update_stock"], {"sku": "TESTBESTAND", "new_quantity": 12,
                                          "reason": "Inventur", "stock_id": 2}  # fmt: skip
    yield tools["billbee_update_stock"], {"billbee_product_id": 58592683, "new_quantity": 0}
