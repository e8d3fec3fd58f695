"""Bad input, property-based: whatever a model sends, a tool answers and never raises.

For each tool of ``BILLBEE_TOOLS``, hypothesis draws argument dicts mixing its schema's own
field names with invented ones and values of every JSON-ish kind. The schema is the oracle:

- input the schema rejects comes back as an error ToolMessage naming each rejected field, and
  no request reaches the network (a recording ``requests.Session`` sees nothing);
- input it accepts becomes the matching Billbee request (method, path, paging, body), and any
  failure after that is a Billbee error, never an argument error.

The wrapper runs on a clock that leaps 61 s at every reading, so its per-call throttles
(invoice cache, six fetches per order) never answer instead of the network or make a test
wait: here only the arguments are under test.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.tools import BaseTool
from pydantic import BaseModel, ValidationError

from tests.helpers import FakeClock
from tests.reliability._support import call, fast_wrapper, tools_by_name
from tests.tool_table import TOOL_NAMES


class RecordingSession(requests.Session):
    """A real session that keeps every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        return super().send(request, **kwargs)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=300),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["", " ", "2024-05-31", "2024-13-01", "paid", "KR-01-250", "3", "-1"]),
)
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3))


def _arguments(schema: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from([*schema.model_fields, "status", "orderId"])
    return st.dictionaries(keys, _VALUES, max_size=4)


def _query(request: requests.PreparedRequest) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.url or "").query)


def _body(request: requests.PreparedRequest) -> dict[str, Any]:
    raw = request.body or b"{}"
    return dict(json.loads(raw, parse_float=Decimal))


def _path(request: requests.PreparedRequest) -> str:
    return urlsplit(request.url or "").path.split("/api/v1", 1)[-1]


def _expect_paging(request: requests.PreparedRequest, params: Any) -> None:
    query = _query(request)
    assert query["page"] == [str(params.page)]
    assert query["pageSize"] == [str(params.page_size)]


def _check_request(name: str, params: Any, sent: list[requests.PreparedRequest]) -> None:
    """The requests a valid call sent are the ones its arguments describe."""
    first, last = sent[0], sent[-1]
    if name == "billbee_list_orders" and params.search is not None:
        assert (first.method, _path(first)) == ("POST", "/search")
        assert _body(first)["Term"] == params.search
    elif name == "billbee_summarize_orders":
        assert (first.method, _path(first)) == ("GET", "/orders")
        assert _query(first)["pageSize"] == ["250"]
    elif name == "billbee_list_products" and (params.sku or params.ean) is not None:
        key, by = (params.sku, "sku") if params.sku is not None else (params.ean, "ean")
        assert (first.method, unquote(_path(first))) == ("GET", f"/products/{key}")
        assert _query(first)["lookupBy"] == [by]
    elif name == "billbee_list_products" and params.search is not None:
        assert (first.method, _path(first)) == ("POST", "/search")
    elif name == "billbee_update_stock" and params.items:
        if last.method == "POST":
            assert _path(last) == "/products/updatestockmultiple"
            assert isinstance(json.loads(last.body or b"null"), list)
    elif name == "billbee_list_orders":
        expected = f"/customers/{params.customer_id}/orders" if params.customer_id else "/orders"
        assert (first.method, _path(first)) == ("GET", expected)
        _expect_paging(first, params)
        states = _query(first).get("orderStateId", [])
        assert states == [str(s) for s in params.order_state_ids or []]
    elif name == "billbee_get_order" and params.order_number is not None:
        assert first.method == "GET" and _path(first).startswith("/orders/findbyextref/")
    elif name == "billbee_get_order":
        assert (first.method, _path(first)) == ("GET", f"/orders/{params.order_id}")
    elif name == "billbee_update_order_state":
        assert (first.method, _path(first)) == ("PUT", f"/orders/{params.order_id}/orderstate")
        assert _body(first) == {"NewStateId": params.new_state_id}
    elif name in ("billbee_list_products", "billbee_list_invoices"):
        path = "/products" if name == "billbee_list_products" else "/orders/invoices"
        assert (first.method, _path(first)) == ("GET", path)
        _expect_paging(first, params)
    elif name == "billbee_list_customers":
        if params.search is not None:
            assert (first.method, _path(first)) == ("POST", "/search")
            assert _body(first)["Term"] == params.search
        else:
            assert (first.method, _path(first)) == ("GET", "/customers")
            _expect_paging(first, params)
    elif name == "billbee_get_order_states":
        assert (first.method, _path(first)) == ("GET", "/enums/orderstates")
    elif name == "billbee_update_stock":
        if params.sku is None:  # looked up by id first; the write follows only if it exists
            assert (first.method, _path(first)) == ("GET", f"/products/{params.billbee_product_id}")
        if last.method == "POST":
            assert _path(last) == "/products/updatestock"
            assert Decimal(str(_body(last)["NewQuantity"])) == params.new_quantity
            if params.sku is not None:
                assert _body(last)["Sku"] == params.sku
    else:  # a new tool: say which request its arguments must become
        raise AssertionError(f"no request expectation for {name}; add one to _check_request")


def _fields_named(error: ValidationError, schema: type[BaseModel]) -> list[list[str]]:
    """Per rejected rule, the field names of which at least one must appear in the message."""
    named: list[list[str]] = []
    for detail in error.errors():
        if detail["loc"]:
            named.append([str(detail["loc"][0])])
        else:  # a rule across fields names them in its own message
            named.append(list(schema.model_fields))
    return named


def _check_one(tool: BaseTool, session: RecordingSession, args: dict[str, Any]) -> None:
    schema = tool.args_schema
    assert isinstance(schema, type) and issubclass(schema, BaseModel)
    before = len(session.sent)
    message = call(tool, json.loads(json.dumps(args)))  # what a model can send: JSON
    sent = session.sent[before:]
    content = str(message.content)
    try:
        params = schema.model_validate(json.loads(json.dumps(args)))
    except ValidationError as error:
        assert message.status == "error", content
        assert sent == [], f"invalid input reached the network: {[r.url for r in sent]}"
        assert "no request was sent" in content
        for candidates in _fields_named(error, schema):
            assert any(field in content for field in candidates), (candidates, content)
        return
    assert sent, f"valid input {args!r} sent no request"
    _check_request(tool.name, params, sent)
    if message.status == "error":  # e.g. an unknown id: Billbee's answer, not our arguments
        assert "Invalid arguments" not in content, content


@pytest.fixture
def recording_tools(sandbox: Any) -> tuple[dict[str, BaseTool], RecordingSession]:
    session = RecordingSession()
    # A clock that leaps 61 s per reading would spend any call_timeout in two readings.
    api = fast_wrapper(
        sandbox, FakeClock(step=61.0), session=session, max_retries=0, call_timeout=1e9
    )
    return tools_by_name(api), session


@pytest.mark.parametrize("name", TOOL_NAMES)
def test_arbitrary_arguments_become_a_request_or_a_named_error(
    name: str, recording_tools: tuple[dict[str, BaseTool], RecordingSession]
) -> None:
    tools, session = recording_tools
    tool = tools[name]
    schema = tool.args_schema
    assert isinstance(schema, type) and issubclass(schema, BaseModel)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(args=_arguments(schema))
    def check(args: dict[str, Any]) -> None:
        _check_one(tool, session, args)

    check()


def test_argument_less_tool_rejects_invented_arguments(
    recording_tools: tuple[dict[str, BaseTool], RecordingSession],
) -> None:
    tools, session = recording_tools
    message = call(tools["billbee_get_order_states"], {"status": "paid"})
    assert message.status == "error"
    assert "status" in str(message.content)
    assert session.sent == []
