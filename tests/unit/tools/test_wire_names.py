"""The snake_case → Billbee mapping is the args schemas' serialization aliases, written once."""

from __future__ import annotations

import inspect

import pytest

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee.tools import BILLBEE_TOOLS
from langchain_billbee.tools._args import wire
from langchain_billbee.tools.invoices import ListInvoicesInput
from langchain_billbee.tools.orders import ListOrdersInput
from langchain_billbee.tools.stock import UpdateStockInput


def test_query_names_are_camel_case_unless_billbee_differs() -> None:
    query = wire(
        ListOrdersInput,
        {"min_order_date": "2024-05-01", "order_state_ids": [3], "tags": ["x"], "page_size": 5},
    )

    assert query == {
        "minOrderDate": "2024-05-01T00:00:00",  # a date string is sent as Billbee's query date
        "orderStateId": [3],
        "tag": ["x"],
        "pageSize": 5,
    }


def test_body_names_are_pascal_case_unless_billbee_differs() -> None:
    body = wire(UpdateStockInput, {"sku": "A", "new_quantity": 3, "billbee_product_id": 7})

    assert body == {"Sku": "A", "NewQuantity": 3, "BillbeeId": 7}


def test_a_name_the_schema_does_not_declare_is_an_error() -> None:
    with pytest.raises(TypeError, match="ListInvoicesInput declares no Billbee name for 'tag'"):
        wire(ListInvoicesInput, {"tag": ["x"]})


def test_wire_names_never_reach_the_model() -> None:
    # Serialization aliases only: the schema a model is shown keeps the snake_case names.
    for tool in BILLBEE_TOOLS:
        schema = tool.model_fields["args_schema"].default
        assert set(schema.model_json_schema().get("properties", {})) == set(schema.model_fields)


@pytest.mark.parametrize(
    ("method", "schema"),
    [
        ("list_orders", ListOrdersInput),
        ("list_invoices", ListInvoicesInput),
        ("update_stock", UpdateStockInput),
    ],
)
def test_each_wrapper_keyword_is_a_field_of_its_schema(method: str, schema: type) -> None:
    keywords = set(inspect.signature(getattr(BillbeeAPIWrapper, method)).parameters) - {"self"}
    assert keywords <= set(schema.model_fields)
