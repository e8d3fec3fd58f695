"""Billbee answers for the write tests, in the wire shapes of the spec (API-NOTES §2.4, §2.8)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import requests

from tests.unit.core.fakes import Reply, envelope

ORDER_ID = 300000181057783


def order_wire(state: int = 1, *, order_id: int = ORDER_ID) -> dict[str, Any]:
    return {
        "BillBeeOrderId": order_id,
        "OrderNumber": "15-95563-59200",
        "State": state,
        "TotalCost": 49.9,
        "Currency": "EUR",
        "Seller": {"Platform": "Ebay", "BillbeeShopName": "eBay kranich-kaffee", "Nick": "kk"},
        "InvoiceAddress": {"FirstName": "Anna", "LastName": "Müller", "Email": "anna@example.com"},
    }


def product_wire(i: int, *, stock: str = "12", unfulfilled: str = "3") -> dict[str, Any]:
    return {
        "Id": 300000065756000 + i,
        "SKU": f"KR-{i:02d}-250",
        "Title": [{"Text": f"Kaffee {i} 250 g", "LanguageCode": "DE"}],
        "StockCurrent": Decimal(stock),
        "Stocks": [
            {
                "StockId": 7,
                "Name": "Hauptlager",
                "StockCurrent": Decimal(stock),
                "UnfulfilledAmount": Decimal(unfulfilled),
            }
        ],
    }


def stock_item_result(sku: str, old: Any, new: Any) -> dict[str, Any]:
    data = {"SKU": sku, "OldStock": old, "CurrentStock": new, "UnfulfilledAmount": 0,
            "Message": f"The qty was successfully updated from {old} to {new}"}  # fmt: skip
    return {"ErrorMessage": None, "ErrorCode": 0, "ErrorDescription": "NoError", "Data": data}


def item_refusal(text: str) -> dict[str, Any]:
    return {"ErrorMessage": text, "ErrorCode": 11, "ErrorDescription": "InvalidData", "Data": None}


def echo_batch(request: requests.PreparedRequest) -> Reply:
    """``updatestockmultiple`` as Billbee answers: one ApiResult per item, old stock 5."""
    assert request.body is not None
    items = json.loads(request.body)
    return Reply(json_body=[stock_item_result(i["Sku"], 5, i["NewQuantity"]) for i in items])


def order_reply(state: int = 1) -> Reply:
    return Reply(json_body=envelope(order_wire(state)))


def product_reply(i: int, **kwargs: Any) -> Reply:
    return Reply(json_body=envelope(json.loads(json.dumps(product_wire(i, **kwargs), default=str))))
