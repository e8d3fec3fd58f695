"""Billbee's Swagger 2.0 spec as a request checker, for the core unit tests.

``SpecRequests.check`` lists everything about a request the spec does not declare: path
template and method, query parameter names (``in: query``) and encodings (repeated keys for
``collectionFormat: multi``, ``true``/``false``, ISO 8601 date-times, integer ranges), JSON body
property names (exact case) and types, and the security schemes' headers.

The spec lives outside the repository: ``BILLBEE_SWAGGER`` or
``../shared/billbee/billbee-swagger.yaml`` beside the repository root.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from tests.unit.core.fakes import API_KEY, API_PASSWORD, USERNAME

ISO_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
INT_RANGE = {"int32": 2**31, "int64": 2**63}


def parse_date_time(text: str) -> datetime:
    """ISO 8601 as the spec's ``format: date-time`` means it (``Z`` and 7 digits included)."""
    if not ISO_DATE_TIME.match(text):
        raise ValueError(f"not ISO 8601: {text!r}")
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    return datetime.fromisoformat(cleaned)


@dataclass
class Operation:
    """One spec operation as a request matched it."""

    template: str
    method: str
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.template}"

    def parameters(self, where: str) -> dict[str, dict[str, Any]]:
        return {p["name"]: p for p in self.spec.get("parameters", []) if p["in"] == where}


class SpecRequests:
    """Finds the operation of a request and lists everything about it the spec forbids."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.definitions: dict[str, Any] = spec["definitions"]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.definitions[schema["$ref"].split("/")[-1]]
        return schema

    def operation(self, method: str, path: str) -> Operation | None:
        """The declared operation; literal segments win over ``{id}`` (``/orders/invoices``)."""
        candidates = []
        for template, item in self.spec["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            if re.match(pattern, path) and method.lower() in item:
                candidates.append((template.count("{"), template, item[method.lower()]))
        if not candidates:
            return None
        _, template, spec = min(candidates, key=lambda c: c[0])
        return Operation(template, method, spec)

    def check(self, request: requests.PreparedRequest) -> tuple[Operation | None, list[str]]:
        url = urlsplit(request.url or "")
        method = request.method or ""
        op = self.operation(method, url.path)
        if op is None:
            return None, [f"{method} {url.path}: no such operation in the spec"]
        problems = self._path(op, url.path) + self._query(op, url.query)
        problems += self._body(op, request) + self._headers(op, request)
        return op, [f"{op.key}: {p}" for p in problems]

    def _path(self, op: Operation, path: str) -> list[str]:
        names = re.findall(r"\{([^}]+)\}", op.template)
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(op.template)) + "$"
        match = re.match(pattern, path)
        assert match is not None
        declared = op.parameters("path")
        problems = [f"path parameter {n} not declared" for n in names if n not in declared]
        for name, value in zip(names, match.groups(), strict=True):
            if name in declared:
                problems += self._scalar(declared[name], value, f"path {name}")
        return problems

    def _query(self, op: Operation, query: str) -> list[str]:
        pairs = parse_qsl(query, keep_blank_values=True)
        declared, problems = op.parameters("query"), []
        for name in dict.fromkeys(key for key, _ in pairs):
            values = [value for key, value in pairs if key == name]
            param = declared.get(name)
            if param is None:
                problems.append(f"query parameter {name!r} is not declared (in: query)")
            elif param.get("type") == "array":
                if param.get("collectionFormat") != "multi":
                    problems.append(f"{name}: spec does not declare repeated keys")
                for value in values:
                    problems += self._scalar(param["items"], value, name)
            elif len(values) > 1:
                problems.append(f"{name} repeated but not an array")
            else:
                problems += self._scalar(param, values[0], name)
        sent = {key for key, _ in pairs}
        problems += [f"required query {n} missing" for n, p in declared.items()
                     if p.get("required") and n not in sent]  # fmt: skip
        return problems

    def _scalar(self, schema: dict[str, Any], text: str, name: str) -> list[str]:
        kind, fmt = schema.get("type"), schema.get("format")
        try:
            if kind == "integer":
                value = int(text) if re.fullmatch(r"-?\d+", text) else None
                if value is None or abs(value) >= INT_RANGE.get(fmt or "int64", 2**63):
                    return [f"{name}={text!r} is not an {fmt or 'integer'}"]
                if "enum" in schema and value not in schema["enum"]:
                    return [f"{name}={text!r} not in enum"]
            elif kind == "boolean" and text not in ("true", "false"):
                return [f"{name}={text!r} is not true/false"]
            elif kind == "string" and fmt == "date-time":
                parse_date_time(text)
        except ValueError as exc:
            return [f"{name}: {exc}"]
        return []

    def _body(self, op: Operation, request: requests.PreparedRequest) -> list[str]:
        params = [p for p in op.spec.get("parameters", []) if p["in"] == "body"]
        if not params:
            return [] if request.body in (None, b"", "") else ["body sent, none declared"]
        if request.body in (None, b"", ""):
            return ["required body missing"] if params[0].get("required") else []
        ctype = request.headers.get("Content-Type", "")
        problems = [] if ctype == "application/json" else [f"Content-Type {ctype!r}"]
        if ctype not in op.spec.get("consumes", []):
            problems.append(f"spec does not consume {ctype!r}")
        try:
            body = json.loads(request.body)
        except ValueError:
            return [*problems, "body is not JSON"]
        return problems + self.value_problems(body, params[0]["schema"], "body")

    def value_problems(self, value: Any, schema: dict[str, Any], where: str) -> list[str]:
        """A JSON value we send against a schema: declared names (exact case), JSON types."""
        schema = self.resolve(schema)
        kind = schema.get("type") or ("object" if "properties" in schema else None)
        if value is None:
            return [f"{where}: null sent (omit the property instead)"]
        if kind == "object" and "properties" in schema:
            if not isinstance(value, dict):
                return [f"{where}: expected object"]
            props = schema["properties"]
            problems = [f"{where}.{k}: not a declared property" for k in value if k not in props]
            for key in value.keys() & props.keys():
                problems += self.value_problems(value[key], props[key], f"{where}.{key}")
            return problems
        if kind == "array":
            if not isinstance(value, list):
                return [f"{where}: expected array"]
            items = schema.get("items", {})
            return [p for i, v in enumerate(value) for p in self.value_problems(v, items, where)]
        return _json_type_problems(value, schema, where)

    def _headers(self, op: Operation, request: requests.PreparedRequest) -> list[str]:
        headers, problems = request.headers, []
        for scheme in self.spec["securityDefinitions"].values():
            if scheme["type"] == "apiKey" and headers.get(scheme["name"]) != API_KEY:
                problems.append(f"header {scheme['name']} missing or wrong")
            if scheme["type"] == "basic" and headers.get("Authorization") != _basic():
                problems.append("HTTP Basic authorization missing or wrong")
        if headers.get("Accept") != "application/json":
            problems.append(f"Accept {headers.get('Accept')!r}")
        if "application/json" not in op.spec.get("produces", []):
            problems.append("spec does not produce application/json")
        return problems


def _basic() -> str:
    return "Basic " + base64.b64encode(f"{USERNAME}:{API_PASSWORD}".encode()).decode()


def _json_type_problems(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    kind, fmt = schema.get("type"), schema.get("format")
    ok = {
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
    }.get(kind or "", True)
    if not ok:
        return [f"{where}: {value!r} is not a JSON {kind}"]
    if kind == "integer" and abs(value) >= INT_RANGE.get(fmt or "int64", 2**63):
        return [f"{where}: {value} out of {fmt} range"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in the declared enum"]
    return []
