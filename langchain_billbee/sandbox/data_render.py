"""Render one demo order (its customer, items and event timeline) into Billbee's Order model.

Field order follows the spec's Order definition, which is also the captured response's order;
``WebUrl`` (newest spec only) is included as null. Every field is present, nulls explicit.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from langchain_billbee.order_states import ORDER_STATES

from . import data_names as names
from .data import Record, Shop, dbl

__all__ = ["history_entry", "render_order", "state_change_entry", "tags_for"]

INVOICE_PAYMENT = 26


def history_entry(when: datetime, event: str, text: str, type_id: int) -> Record:
    """One HistoryEntry in the captured field order."""
    return {"Created": when, "EventTypeName": event, "Text": text, "EmployeeName": None,
            "TypeId": type_id}  # fmt: skip


def state_change_entry(when: datetime, old: int, new: int, employee: str | None = None) -> Record:
    """History entry for a state change. The wording and TypeId are our guess: no capture of a
    state-change entry exists."""
    entry = history_entry(
        when, "Status geändert",
        f"Der Status wurde von {ORDER_STATES[old].name} auf {ORDER_STATES[new].name} geändert", 21,
    )  # fmt: skip
    entry["EmployeeName"] = employee
    return entry


def _users(rng: random.Random, shop: Shop, address: Record) -> tuple[Record, Record | None]:
    seller = {"Platform": shop.platform, "BillbeeShopName": shop.name, "BillbeeShopId": shop.id,
              "Id": str(shop.id % 10**6), "Nick": "kranich-kaffee", "FirstName": None,
              "LastName": None, "FullName": "", "Email": "shop@example.com"}  # fmt: skip
    if shop.platform == "Webshop":
        return seller, None
    first, last = address["FirstName"], address["LastName"]
    buyer = {"Platform": shop.platform, "BillbeeShopName": shop.name, "BillbeeShopId": shop.id,
             "Id": str(rng.randint(10**8, 10**9)), "Nick": f"{first[:1]}{last}".lower(),
             "FirstName": first, "LastName": last, "FullName": f"{first} {last}",
             "Email": f"{rng.randint(10**9, 10**10):x}@marketplace.example.com"}  # fmt: skip
    return seller, buyer


def _shipment(rng: random.Random, when: datetime, order_id: int) -> Record:
    tracking = f"00340{rng.randint(10**14, 10**15 - 1)}"
    return {"BillbeeId": order_id + 17, "ShippingId": tracking, "Shipper": "Paketdienst",
            "Created": when, "TrackingUrl": f"https://tracking.example.com/{tracking}",
            "ShippingProviderId": 300000000027581, "ShippingProviderProductId": 300000000048932,
            "ShippingCarrier": 0, "ShipmentType": 0}  # fmt: skip


def tags_for(rng: random.Random, business: bool) -> list[str]:
    """A few orders carry tags; business customers' orders are tagged B2B."""
    tags = ["B2B"] if business else []
    if rng.random() < 0.18:
        tags.append(rng.choice(names.ORDER_TAGS[:2] + names.ORDER_TAGS[3:]))
    return sorted(set(tags))


Dates = dict[int | str, Any]  # state id (2 confirmed, 3 paid, 4 shipped) or "invoice" → when


def _dates(rng: random.Random, ctx: dict[str, Any]) -> tuple[Dates, list[Record], int]:
    created: datetime = ctx["created"]
    dates: Dates = {2: None, 3: None, 4: None}
    history = [
        history_entry(created, "Auftrag eingegangen", "Der Auftrag ist eingegangen", 86),
        history_entry(created + timedelta(seconds=rng.randint(60, 170)), "Auftrag eingelesen",
                      "Der Auftrag wurde eingelesen", 0),
    ]  # fmt: skip
    state = 1
    for step, when in ctx["events"]:
        if step == 3 and state == 4:  # paid on invoice after shipping: no state change
            history.append(history_entry(when, "Zahlung", "Zahlungseingang verbucht", 23))
        else:
            history.append(state_change_entry(when, state, step))
            state = step
        if step in dates and dates[step] is None:
            dates[step] = when
    invoice_at = dates[4] if ctx["payment"] == INVOICE_PAYMENT else dates[3]
    dates["invoice"] = invoice_at
    history.reverse()  # Billbee lists the newest entry first
    return dates, history, state


def _money(ctx: dict[str, Any], paid: bool) -> dict[str, Decimal]:
    shop: Shop = ctx["shop"]
    items_total = sum((item["TotalPrice"] for item in ctx["items"]), Decimal(0))
    shipping = {"Amazon": Decimal(0), "Ebay": Decimal("4.49")}.get(shop.platform)
    if shipping is None:
        shipping = Decimal(0) if items_total >= 39 else Decimal("4.90")
    total = items_total + shipping
    # RebateDifference is read-only and unexplained; the capture shows TotalCost minus items.
    return {"shipping": dbl(shipping), "total": dbl(total), "rebate": dbl(total - items_total),
            "paid": dbl(total if paid else 0)}  # fmt: skip


def _payment(rng: random.Random, ctx: dict[str, Any], when: datetime, total: Decimal) -> Record:
    shop: Shop = ctx["shop"]
    address = ctx["address"]
    return {
        "BillbeeId": ctx["id"] + 29, "TransactionId": f"TX{rng.randint(10**9, 10**10)}",
        "PayDate": when, "PaymentType": ctx["payment"], "SourceTechnology": shop.platform,
        "SourceText": shop.name, "PayValue": total, "Purpose": ctx["number"],
        "Name": f"{address['FirstName']} {address['LastName']}",
    }  # fmt: skip


def render_order(rng: random.Random, ctx: dict[str, Any]) -> Record:
    """The full Order record for one generated order."""
    shop: Shop = ctx["shop"]
    customer, address = ctx["customer"], ctx["address"]
    dates, history, state = _dates(rng, ctx)
    money = _money(ctx, dates[3] is not None)
    seller, buyer = _users(rng, shop, address)
    payments = [] if dates[3] is None else [_payment(rng, ctx, dates[3], money["total"])]
    modified = history[0]["Created"] + timedelta(
        seconds=rng.randint(1, 50), milliseconds=rng.randint(0, 999)
    )
    return {
        "RebateDifference": money["rebate"],
        "ShippingIds": [_shipment(rng, dates[4], ctx["id"])] if dates[4] else [],
        "AcceptLossOfReturnRight": False, "Id": ctx["number"], "OrderNumber": ctx["number"],
        "State": state, "VatMode": 0, "CreatedAt": ctx["created"], "ShippedAt": dates[4],
        "ConfirmedAt": dates[2], "PayedAt": dates[3], "SellerComment": None, "Comments": [],
        "InvoiceNumberPrefix": None, "InvoiceNumberPostfix": None, "InvoiceNumber": None,
        "InvoiceDate": dates["invoice"], "InvoiceAddress": dict(address),
        "ShippingAddress": dict(address), "PaymentMethod": ctx["payment"],
        "ShippingCost": money["shipping"], "TotalCost": money["total"], "AdjustmentCost": dbl(0),
        "AdjustmentReason": None, "OrderItems": ctx["items"], "Currency": "EUR",
        "Seller": seller, "Buyer": buyer, "UpdatedAt": None,
        "TaxRate1": Decimal("19.00"), "TaxRate2": Decimal("7.00"), "BillBeeOrderId": ctx["id"],
        "BillBeeParentOrderId": None, "VatId": customer["VatId"],
        "Tags": tags_for(rng, customer["Type"] == 1), "ShipWeightKg": None, "LanguageCode": "DE",
        "PaidAmount": money["paid"], "ShippingProfileId": None,
        "ShippingProviderId": 300000000027581, "ShippingProviderProductId": 300000000048932,
        "ShippingProviderName": "Paketdienst", "ShippingProviderProductName": "Paket bis 5 kg",
        "ShippingProfileName": None, "PaymentInstruction": None, "IsCancelationFor": None,
        "PaymentTransactionId": None, "DistributionCenter": None,
        "DeliverySourceCountryCode": None, "CustomInvoiceNote": None,
        "CustomerNumber": str(customer["Number"]), "PaymentReference": None,
        "ShippingServices": None, "Customer": customer, "History": history,
        "Payments": payments, "LastModifiedAt": modified, "ArchivedAt": None, "RestoredAt": None,
        "ApiAccountId": shop.id, "ApiAccountName": shop.name, "MerchantVatId": None,
        "CustomerVatId": customer["VatId"], "IsFromBillbeeApi": False, "WebUrl": None,
    }  # fmt: skip
