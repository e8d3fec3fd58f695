"""Realistic Billbee records for tool tests, built as Billbee's JSON text then parsed.

Orders carry every key Billbee's ``GET /orders`` sends (nulls explicit, .NET decimal scale),
so compactness ratios are measured against what a live account returns, not a thin stub.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from langchain_billbee.models import (
    Customer,
    CustomerSearchResult,
    Invoice,
    Order,
    OrderState,
    Page,
    Product,
    StockUpdateResult,
)
from langchain_billbee.order_states import ORDER_STATES

SHOPS = ("Kaffeerösterei Shop", "Amazon DE", "eBay")
CITIES = (("Berlin", "DE"), ("Wien", "AT"), ("Zürich", "CH"), ("München", "DE"))


D = Decimal


def parse(raw: str) -> Any:
    """Read JSON the way the wrapper does: floats as Decimal."""
    return json.loads(raw, parse_float=Decimal)


def to_json(wire: Any) -> str:
    """Compact JSON as Billbee sends it, Decimals written with their .NET scale (``30.000``)."""
    marked = json.dumps(wire, separators=(",", ":"), ensure_ascii=False, default=_mark)
    return re.sub(r'"@num:([-0-9.E+]+)"', r"\1", marked)


def _mark(value: object) -> str:
    if isinstance(value, Decimal):
        return f"@num:{value}"
    raise TypeError(f"not JSON: {value!r}")


def _address(i: int, first: str, last: str) -> dict[str, Any]:
    city, country = CITIES[i % len(CITIES)]
    return {
        "BillbeeId": 300000171849000 + i, "FirstName": first, "LastName": last,
        "Company": None, "NameAddition": None, "Street": "Hauptstraße", "HouseNumber": str(i + 1),
        "Zip": f"{10115 + i}", "City": city, "CountryISO2": country, "Country": country,
        "Line2": None, "Email": f"{first.lower()}.{last.lower()}@example.com", "State": None,
        "Phone": "+49 30 1234567",
    }  # fmt: skip


def _item(i: int, n: int) -> dict[str, Any]:
    return {
        "BillbeeId": 300000305566000 + 10 * i + n, "TransactionId": f"TX-{i}-{n}",
        "Product": {
            "OldId": None, "Id": f"ext-{n}", "Title": f"Espresso Bohnen {n} kg", "Weight": 1000,
            "SKU": f"ESP-{n:03d}", "SkuOrId": f"ESP-{n:03d}", "IsDigital": False, "Images": None,
            "EAN": f"40000000{n:05d}", "PlatformData": None, "TARICCode": None,
            "CountryOfOrigin": None, "BillbeeId": 300000065752000 + n, "Type": 1,
        },
        "Quantity": D("2.000"), "TotalPrice": D("39.8000000"),
        "TaxAmount": D("2.6037383177570093457943925"), "TaxIndex": 2, "Discount": D("0.0"),
        "Attributes": [], "GetPriceFromArticleIfAny": False,
        "IsCoupon": False, "ShippingProfileId": None, "DontAdjustStock": False,
        "UnrebatedTotalPrice": D("39.8000000"), "SerialNumber": None, "InvoiceSKU": f"ESP-{n:03d}",
    }  # fmt: skip


def _customer(i: int, first: str, last: str) -> dict[str, Any]:
    return {
        "Id": 300000147804000 + i, "Name": f"{first} {last}",
        "Email": f"{first.lower()}.{last.lower()}@example.com", "Tel1": None, "Tel2": None,
        "Number": 23000 + i, "PriceGroupId": None, "LanguageId": None,
        "DefaultMailAddress": None, "DefaultCommercialMailAddress": None,
        "DefaultStatusUpdatesMailAddress": None, "DefaultPhone1": None, "DefaultPhone2": None,
        "DefaultFax": None, "VatId": None, "Type": 0, "MetaData": [], "ArchivedAt": None,
        "RestoredAt": None,
    }  # fmt: skip


def order_wire(i: int, *, state: int = 3, shop: str | None = None) -> dict[str, Any]:
    """One order with every field of Billbee's Order schema (values vary with ``i``)."""
    first, last = ("Anna", "Schmidt") if i % 2 else ("Jonas", "Weber")
    return {
        "RebateDifference": D("0.0"),
        "ShippingIds": [{"BillbeeId": 300000002945000 + i, "ShippingId": f"00340434{i:06d}",
                         "Shipper": "DHL", "Created": "2024-05-03T15:07:02",
                         "TrackingUrl": "https://example.com/track", "ShippingProviderId": 1,
                         "ShippingProviderProductId": 2, "ShippingCarrier": 1, "ShipmentType": 0}],
        "AcceptLossOfReturnRight": False, "Id": f"shop-{1000 + i}", "OrderNumber": f"10{i:04d}",
        "State": state, "VatMode": 0, "CreatedAt": f"2024-05-{1 + i % 28:02d}T09:15:00",
        "ShippedAt": None, "ConfirmedAt": None, "PayedAt": f"2024-05-{1 + i % 28:02d}T10:00:00.36",
        "SellerComment": None, "Comments": [], "InvoiceNumberPrefix": "RE-",
        "InvoiceNumberPostfix": None, "InvoiceNumber": 5000 + i,
        "InvoiceDate": "2024-05-02T14:56:23.843",
        "InvoiceAddress": _address(i, first, last), "ShippingAddress": _address(i, first, last),
        "PaymentMethod": 3, "ShippingCost": D("4.9000"), "TotalCost": D("84.5000000"),
        "AdjustmentCost": D("0.0"), "AdjustmentReason": None,
        "OrderItems": [_item(i, 1), _item(i, 2)], "Currency": "EUR",
        "Seller": {"Platform": "Shopify", "BillbeeShopName": shop or SHOPS[i % len(SHOPS)],
                   "BillbeeShopId": 70815 + i % 3, "Id": "seller-1", "Nick": None,
                   "FirstName": None, "LastName": None, "FullName": "", "Email": None},
        "Buyer": {"Platform": "Shopify", "BillbeeShopName": None, "BillbeeShopId": None,
                  "Id": f"buyer-{i}", "Nick": None, "FirstName": first, "LastName": last,
                  "FullName": f"{first} {last}", "Email": f"{first.lower()}@example.com"},
        "UpdatedAt": None, "TaxRate1": D("19.0"), "TaxRate2": D("7.0"),
        "BillBeeOrderId": 300000180937000 + i, "BillBeeParentOrderId": None, "VatId": None,
        "Tags": ["Newsletter"] if i % 3 == 0 else [], "ShipWeightKg": D("2.1"),
        "LanguageCode": "de",
        "PaidAmount": D("84.5"), "ShippingProfileId": None, "ShippingProviderId": 1,
        "ShippingProviderProductId": 2, "ShippingProviderName": "DHL",
        "ShippingProviderProductName": "Paket", "ShippingProfileName": None,
        "PaymentInstruction": None, "IsCancelationFor": None, "PaymentTransactionId": None,
        "DistributionCenter": None, "DeliverySourceCountryCode": None, "CustomInvoiceNote": None,
        "CustomerNumber": str(23000 + i), "PaymentReference": None, "ShippingServices": None,
        "Customer": _customer(i, first, last),
        "History": [
            {"Created": "2024-05-01T09:16:00", "EventTypeName": "Auftrag eingelesen",
             "Text": "Der Auftrag wurde eingelesen", "EmployeeName": None, "TypeId": 0},
            {"Created": "2024-05-01T10:00:00", "EventTypeName": "Zahlung erhalten",
             "Text": "Zahlung über PayPal", "EmployeeName": None, "TypeId": 3},
            {"Created": "2024-05-02T14:56:00", "EventTypeName": "Rechnung erstellt",
             "Text": "Rechnung RE-5000 erstellt", "EmployeeName": "Lager", "TypeId": 7},
            {"Created": "2024-05-03T08:00:00", "EventTypeName": "Status geändert",
             "Text": "Neuer Status: Gepackt", "EmployeeName": "Lager", "TypeId": 12},
        ],
        "Payments": [{"BillbeeId": 1, "TransactionId": "PAY-1", "PayDate": "2024-05-01T10:00:00",
                      "PaymentType": 3, "SourceTechnology": "PayPal", "SourceText": None,
                      "PayValue": D("84.5"), "Purpose": None, "Name": None}],
        "LastModifiedAt": "2024-05-03T08:00:00.833", "ArchivedAt": None, "RestoredAt": None,
        "ApiAccountId": 70815, "ApiAccountName": "Kaffeerösterei API", "MerchantVatId": None,
        "CustomerVatId": None, "IsFromBillbeeApi": False,
    }  # fmt: skip


def orders_raw(count: int, start: int = 0) -> str:
    """Billbee's JSON text (compact, as sent) for ``count`` orders."""
    return to_json([order_wire(start + k, state=1 + (start + k) % 16) for k in range(count)])


def order_page(
    count: int, *, page: int = 1, page_size: int = 5, total_rows: int | None = None
) -> Page[Order]:
    start = (page - 1) * page_size
    orders = [Order.model_validate(o) for o in parse(orders_raw(count, start))]
    total = total_rows if total_rows is not None else count
    total_pages = -(-total // page_size)
    return Page[Order](
        items=orders, page=page, total_pages=total_pages, total_rows=total, page_size=page_size
    )


def order(i: int = 1, **kwargs: Any) -> Order:
    return Order.model_validate(parse(to_json(order_wire(i, **kwargs))))


def product(i: int, *, stock: str = "12.000", warning: str | None = "5") -> Product:
    wire = {
        "Id": 100000060427000 + i, "Type": 1, "SKU": f"ESP-{i:03d}", "EAN": None,
        "Title": [{"Text": f"Espressobohnen {i}", "LanguageCode": "DE"},
                  {"Text": f"Espresso beans {i}", "LanguageCode": "EN"}],
        "Price": D("19.9000"), "StockCurrent": D(stock),
        "StockWarning": warning and D(warning), "LowStock": False,
        "Stocks": [{"StockId": 1, "Name": "Lager", "StockCurrent": D(stock)}],
    }  # fmt: skip
    return Product.model_validate(parse(to_json(wire)))


def page_of(items: list[Any], *, page: int = 1, page_size: int = 50, total: int = 0) -> Page[Any]:
    total_rows = total or len(items)
    return Page[Any](
        items=items,
        page=page,
        total_pages=max(1, -(-total_rows // page_size)),
        total_rows=total_rows,
        page_size=page_size,
    )


def customer(i: int) -> Customer:
    return Customer.model_validate(_customer(i, "Anna", f"Schmidt{i}"))


def search_hit(i: int) -> CustomerSearchResult:
    return CustomerSearchResult.model_validate(
        {"Id": 300000147804000 + i, "Name": "Anna Schmidt", "Addresses": "Berlin, DE",
         "Number": str(23000 + i)}
    )  # fmt: skip


def invoice(i: int, *, paid: bool = True, positions: bool = False) -> Invoice:
    wire = {
        "InvoiceNumber": f"RE-{5000 + i}", "Type": "invoice", "BillbeeId": 300000180937000 + i,
        "InvoiceDate": "2024-05-02T14:56:23.843", "TotalNet": D("71.01"), "TotalGross": D("84.5"),
        "Currency": "EUR", "OrderNumber": f"10{i:04d}", "ShopName": "Kaffeerösterei Shop",
        "PayDate": "2024-05-03T00:00:00" if paid else None, "FirstName": "Anna",
        "Positions": [{"Position": 1, "Sku": "ESP-001", "Title": "Espresso", "Amount": D("2.0"),
                       "TotalGrossValue": D("39.8"), "VatRate": D("7.0")}] if positions else None,
    }  # fmt: skip
    return Invoice.model_validate(parse(to_json(wire)))


def order_states() -> list[OrderState]:
    return [OrderState(id=s.id, name=s.name) for s in ORDER_STATES.values()]


def stock_result(sku: str = "ESP-001", old: str = "12", new: str = "40") -> StockUpdateResult:
    wire = {
        "SKU": sku, "OldStock": Decimal(old), "CurrentStock": Decimal(new),
        "UnfulfilledAmount": Decimal("0.0"),
        "Message": f"The qty was successfully updated from {old} to {new}",
    }  # fmt: skip
    return StockUpdateResult.model_validate(wire)
