"""Records the backend derives from its orders and products on request: invoices, search hits,
orders with another article-title source, products with their current unfulfilled amount.

Deriving them at request time keeps them consistent with writes (a state change shows up in the
invoice list at once) and keeps the stored data small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from langchain_billbee.order_states import ORDER_STATES

from .data import dbl
from .records import Record

__all__ = [
    "customer_order_summary",
    "customer_result",
    "invoice_from_order",
    "order_result",
    "order_with_titles",
    "payment_booked",
    "product_result",
    "product_with_unfulfilled",
    "search_words",
    "text_matches",
]


def _round(value: Decimal, places: str) -> Decimal:
    return dbl(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _positions(order: Record) -> list[Record]:
    positions = []
    for number, item in enumerate(order["OrderItems"], start=1):
        gross, tax, qty = item["TotalPrice"], item["TaxAmount"], item["Quantity"]
        net = gross - tax
        positions.append({
            "Position": number, "Amount": dbl(qty), "NetValue": _round(net / qty, "0.0001"),
            "TotalNetValue": _round(net, "0.0001"), "GrossValue": _round(gross / qty, "0.01"),
            "TotalGrossValue": _round(gross, "0.01"),
            "VatRate": dbl(19 if item["TaxIndex"] == 1 else 7),
            # Billbee ids are shard * 10**14 + a local id; the position carries the local one.
            "ArticleBillbeeId": item["Product"]["BillbeeId"] % 10**14,
            "Sku": item["Product"]["SKU"], "Title": item["Product"]["Title"],
            "BillbeeId": item["BillbeeId"], "TotalVatAmount": _round(tax, "0.0001"),
            "RebatePercent": dbl(0),
        })  # fmt: skip
    return positions


def _fees(order: Record) -> tuple[list[Record], Decimal]:
    shipping = order["ShippingCost"]
    if not shipping:
        return [], Decimal(0)
    # Shipping is taxed at the regular rate when any item is; Billbee may split it pro rata.
    rate = Decimal(19) if any(i["TaxIndex"] == 1 for i in order["OrderItems"]) else Decimal(7)
    vat = shipping * rate / (100 + rate)
    fee = {"Type": "ShipCost", "Gross": dbl(shipping), "Net": _round(shipping - vat, "0.0001"),
           "VatAmount": _round(vat, "0.0001"), "VatRate": dbl(rate)}  # fmt: skip
    return [fee], shipping - vat


def invoice_from_order(order: Record, *, include_positions: bool) -> Record:
    """The InvoiceApiModel for an invoiced order (``Positions`` null unless asked for)."""
    address, customer = order["InvoiceAddress"], order["Customer"]
    fees, shipping_net = _fees(order)
    items_net = sum((i["TotalPrice"] - i["TaxAmount"] for i in order["OrderItems"]), Decimal(0))
    payments = order["Payments"]
    domestic = address["CountryISO2"] == "DE"
    return {
        "InvoiceNumber": f"{order['InvoiceNumberPrefix'] or ''}{order['InvoiceNumber']}",
        "Type": "invoice", "Title": None, "Salutation": None,
        "LastName": address["LastName"], "FirstName": address["FirstName"],
        "Company": address["Company"], "CustomerNumber": customer["Number"], "DebtorNumber": None,
        "InvoiceDate": order["InvoiceDate"],
        "TotalNet": _round(items_net + shipping_net, "0.01"), "Currency": order["Currency"],
        "TotalGross": order["TotalCost"], "PaymentTypeId": order["PaymentMethod"],
        "OrderNumber": order["OrderNumber"],
        "TransactionId": payments[0]["TransactionId"] if payments else None,
        "Email": address["Email"], "ShopName": order["ApiAccountName"],
        "Positions": _positions(order) if include_positions else None,
        "PayDate": order["PayedAt"], "VatMode": order["VatMode"],
        "BillbeeId": order["BillBeeOrderId"], "ShippingCountry": address["CountryISO2"],
        "AdditionalFees": fees, "MerchantVatId": order["MerchantVatId"],
        "CustomerVatId": order["CustomerVatId"],
        "VatFlags": {
            "ThirdPartyCountry": False, "SrcCountryIsEqualToDstCountry": domestic,
            "CustomerHasVatId": order["CustomerVatId"] is not None,
            "EuDeliveryThresholdExceeded": False, "OssEnabled": False,
            "SellerIsRegisteredInDstCountry": domestic, "OrderDistributionCountryIsEmpty": True,
            "UserProfileCountryIsEmpty": False, "SetIglWhenVatIdIsAvailableEnabled": False,
            "RatesFrom": "source_country", "VatIdFrom": "source_country",
            "IsDistanceSale": not domestic,
        },
    }  # fmt: skip


def order_with_titles(order: Record, products: dict[int, Record], source: int) -> Record:
    """The order as ``articleTitleSource`` asks: 0 (and the undocumented 3) keep the order
    position title, 1 uses the article title, 2 the article's invoice text."""
    if source not in (1, 2):
        return order
    field = "Title" if source == 1 else "InvoiceText"
    items = []
    for item in order["OrderItems"]:
        product = products.get(item["Product"]["BillbeeId"])
        texts = product[field] if product else []
        if texts:
            item = {**item, "Product": {**item["Product"], "Title": texts[0]["Text"]}}
        items.append(item)
    return {**order, "OrderItems": items}


def payment_booked(order: Record, when: datetime) -> Record:
    """The fields an order gets when it is marked paid: the open amount booked as one
    OrderPayment at ``when``, ``PaidAmount`` the total, ``PayedAt`` set (kept if already set).
    Nothing when it is paid in full already. The payment's source texts are our guess."""
    open_amount = order["TotalCost"] - order["PaidAmount"]
    if open_amount <= 0:
        return {} if order["PayedAt"] is not None else {"PayedAt": when}
    payment = {
        "BillbeeId": order["BillBeeOrderId"] + 29 + len(order["Payments"]),
        "TransactionId": None, "PayDate": when, "PaymentType": order["PaymentMethod"],
        "SourceTechnology": "API", "SourceText": "Status Zahlung_erhalten",
        "PayValue": dbl(open_amount), "Purpose": order["OrderNumber"], "Name": None,
    }  # fmt: skip
    return {"PayedAt": order["PayedAt"] or when, "PaidAmount": dbl(order["TotalCost"]),
            "Payments": [*order["Payments"], payment]}  # fmt: skip


def product_with_unfulfilled(product: Record, unfulfilled: Decimal) -> Record:
    """The product with its stock's ``UnfulfilledAmount`` set from open orders."""
    stocks = [{**stock, "UnfulfilledAmount": dbl(unfulfilled)} for stock in product["Stocks"]]
    return {**product, "Stocks": stocks}


_LUCENE = re.compile(r'[+\-!(){}\[\]^"~*?:\\/]|\b(?:AND|OR|NOT)\b')


def search_words(term: str) -> list[str]:
    """Plain lower-case words of a search term; Lucene operators are dropped, not interpreted."""
    return [w for w in _LUCENE.sub(" ", term).lower().split() if w]


def text_matches(words: Iterable[str], *fields: object) -> bool:
    """Whether every word occurs in one of the fields (case-insensitive substring)."""
    haystack = " ".join(str(f) for f in fields if f is not None).lower()
    return all(word in haystack for word in words)


def customer_result(customer: Record, address: Record) -> Record:
    """Search hit for a customer (SearchController.CustomerResult)."""
    line = f"{address['Street']} {address['HouseNumber']}, {address['Zip']} {address['City']}"
    return {"Id": customer["Id"], "Name": customer["Name"], "Addresses": line,
            "Number": str(customer["Number"])}  # fmt: skip


def order_result(order: Record) -> Record:
    """Search hit for an order (SearchController.OrderResult)."""
    buyer = order["Buyer"]
    invoice = order["InvoiceNumber"]
    return {
        "Id": order["BillBeeOrderId"], "ExternalReference": order["OrderNumber"],
        "BuyerName": buyer["FullName"] if buyer else None,
        "InvoiceNumber": f"{order['InvoiceNumberPrefix']}{invoice}" if invoice else None,
        "CustomerName": order["Customer"]["Name"],
        "ArticleTexts": ", ".join(i["Product"]["Title"] for i in order["OrderItems"]),
    }  # fmt: skip


def product_result(product: Record) -> Record:
    """Search hit for a product (SearchController.ProductResult)."""
    return {"Id": product["Id"], "ShortText": product["Title"][0]["Text"], "SKU": product["SKU"],
            "Tags": ", ".join(t["Text"] for t in product["Tags"])}  # fmt: skip


def customer_order_summary(order: Record) -> Record:
    """The reduced order model Billbee's spec declares for ``GET /customers/{id}/orders``
    (``Rechnungsdruck.WebApp.Controllers.Api.Order``). ``CanCreateAutoInvoice`` is our reading."""
    invoice = order["InvoiceNumber"]
    has_invoice = invoice is not None
    return {
        "Id": order["BillBeeOrderId"], "ExternalId": order["OrderNumber"],
        "InvoiceNumber": f"{order['InvoiceNumberPrefix'] or ''}{invoice}" if has_invoice else None,
        "InvoiceCreatedAt": order["InvoiceDate"], "InvoiceDate": order["InvoiceDate"],
        "CreatedAt": order["CreatedAt"], "PaidAt": order["PayedAt"],
        "ShippedAt": order["ShippedAt"], "HasInvoice": has_invoice,
        "OrderStateId": order["State"], "OrderStateText": ORDER_STATES[order["State"]].name,
        "TotalGross": order["TotalCost"], "ShopName": order["ApiAccountName"],
        "CanCreateAutoInvoice": not has_invoice and order["State"] not in (6, 8),
    }  # fmt: skip
