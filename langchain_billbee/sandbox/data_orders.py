"""Demo orders: a timeline of events per order, rendered into Billbee's Order model.

Each order gets a final state that fits its age (fresh orders are open, older ones shipped or
closed, a few are reminded, complained about or canceled), then a timeline of events leading
there. The timeline drives every date field, the History entries and the invoice number.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from .data import DEFAULT_ORDERS, SHOPS, DemoData, Record, Shop, dbl
from .data_render import render_order

__all__ = ["INVOICE_PREFIX", "add_orders"]

INVOICE_PREFIX = "RE-2026-"
PAYPAL, INVOICE_PAYMENT, OTHER, PREPAYMENT = 3, 26, 22, 59  # Billbee PaymentType ids
# Event path to each final state; "paid"/"shipped" swap for pay-on-invoice orders.
PATHS: dict[int, tuple[int, ...]] = {
    1: (), 2: (2,), 3: (2, 3), 13: (2, 3, 13), 4: (2, 3, 13, 4), 7: (2, 3, 13, 4, 7),
    5: (2, 3, 13, 4, 5), 8: (2, 8), 15: (2, 15), 11: (2, 13, 4, 15, 11),
}  # fmt: skip
GAP_HOURS = {2: (0.05, 3), 3: (0.02, 40), 13: (4, 30), 4: (1, 8), 7: (300, 700), 5: (60, 240),
             8: (2, 60), 15: (150, 220), 11: (300, 400)}  # fmt: skip


def _final_state(rng: random.Random, age_days: float, payment: int) -> int:
    roll = rng.random()
    if age_days < 1:
        return 3 if payment in (PAYPAL, OTHER) and roll < 0.4 else (1 if roll < 0.75 else 2)
    if age_days < 3:
        return 2 if payment == PREPAYMENT else rng.choice((2, 3, 13, 13))
    if roll < 0.035:
        return 8
    if roll < 0.07 and age_days > 8:
        return 5
    if payment == PREPAYMENT and roll < 0.5 and age_days < 30:
        return 15
    if payment == INVOICE_PAYMENT and roll < 0.35 and age_days > 30:
        return 11
    if age_days > 45 and roll < 0.5:
        return 7
    return 4 if age_days > 6 else rng.choice((13, 4, 4))


def _timeline(
    rng: random.Random, created: datetime, anchor: datetime, final: int, payment: int
) -> list[tuple[int, datetime]]:
    steps = list(PATHS[final])
    if payment == INVOICE_PAYMENT and 3 in steps:  # pay on invoice: the payment follows shipping
        steps.remove(3)
        if 4 in steps:
            steps.insert(steps.index(4) + 1, 3)
    moments: list[datetime] = []
    clock = created
    for step in steps:
        low, high = GAP_HOURS[step]
        clock += timedelta(hours=rng.uniform(low, high), milliseconds=rng.randint(0, 999))
        moments.append(clock)
    if moments and moments[-1] > anchor:  # squeeze the timeline into the order's age
        span = (anchor - timedelta(minutes=5) - created) / (moments[-1] - created)
        moments = [created + (m - created) * span for m in moments]
    # Billbee's timestamps carry at most milliseconds.
    moments = [m.replace(microsecond=m.microsecond // 1000 * 1000) for m in moments]
    return list(zip(steps, moments, strict=True))


def _price_items(
    rng: random.Random, data: DemoData, shop: Shop, item_id: int, business: bool
) -> list[Record]:
    items = []
    for product in rng.sample(data.products, rng.choice((1, 1, 1, 2, 2, 3, 4))):
        qty = rng.choice((1, 1, 1, 1, 2, 2, 3)) * (rng.randint(3, 10) if business else 1)
        rate = Decimal(19) if product["VatIndex"] == 1 else Decimal(7)
        total = (product["Price"] * qty).quantize(Decimal("0.0000000"))
        title = product["Title"][0]["Text"]
        if shop.platform != "Webshop":  # marketplace listing titles differ from the article title
            title = (
                f"Rösterei Kranich {title}" if shop.platform == "Amazon" else f"{title} – frisch"
            )
        item_id += rng.randint(1, 40)
        sku = product["SKU"]
        sold = {"OldId": None, "Id": f"{shop.platform[:2].upper()}-{sku}", "Title": title,
                "Weight": product["Weight"], "SKU": sku, "SkuOrId": sku, "IsDigital": False,
                "Images": None, "EAN": product["EAN"], "PlatformData": None, "TARICCode": None,
                "CountryOfOrigin": None, "BillbeeId": product["Id"], "Type": 1}  # fmt: skip
        items.append({
            "BillbeeId": item_id,
            "TransactionId": str(rng.randint(10**11, 10**12)) if shop.platform == "Ebay" else None,
            "Product": sold, "Quantity": Decimal(qty).quantize(Decimal("0.000")),
            "TotalPrice": total, "TaxAmount": total * rate / (100 + rate),
            "TaxIndex": 1 if rate == 19 else 2, "Discount": dbl(0), "Attributes": [],
            "GetPriceFromArticleIfAny": False, "IsCoupon": False, "ShippingProfileId": None,
            "DontAdjustStock": False, "UnrebatedTotalPrice": total, "SerialNumber": None,
            "InvoiceSKU": product["SKU"],
        })  # fmt: skip
    return items


def _order_number(rng: random.Random, shop: Shop, index: int) -> str:
    if shop.platform == "Amazon":
        return (
            f"30{rng.randint(2, 6)}-{rng.randint(10**6, 10**7 - 1)}-{rng.randint(10**6, 10**7 - 1)}"
        )
    if shop.platform == "Ebay":
        return (
            f"{rng.randint(10, 27)}-{rng.randint(10**4, 10**5 - 1)}-{rng.randint(10**4, 10**5 - 1)}"
        )
    return f"WS-{10230 + index}"


def _creation_times(rng: random.Random, anchor: datetime, count: int) -> list[datetime]:
    # Spread over 200 days plus a pre-Christmas rush in the last ten days: 50 of 260 orders, the
    # same share for any count.
    rush_count = count * 5 // 26
    spread = [anchor - timedelta(days=rng.uniform(10, 200)) for _ in range(count - rush_count)]
    rush = [anchor - timedelta(days=0.02 + 10 * rng.random() ** 2) for _ in range(rush_count)]
    return sorted(t.replace(microsecond=0) for t in spread + rush)


def add_orders(
    rng: random.Random, anchor: datetime, data: DemoData, count: int = DEFAULT_ORDERS
) -> None:
    """Append ``count`` orders (ids ascending with creation time) and the products' sales
    figures."""
    order_id, item_id = 300000180940000 + rng.randint(1000, 9000), 300000305600000
    # Returning customers order more often: 25 of 120, the same share of a bigger customer base.
    regulars = rng.sample(data.customers, len(data.customers) * 5 // 24)
    for index, created in enumerate(_creation_times(rng, anchor, count)):
        customer = rng.choice(regulars) if rng.random() < 0.4 else rng.choice(data.customers)
        shop = rng.choices(SHOPS, weights=[s.share for s in SHOPS])[0]
        business = customer["Type"] == 1
        payment = {"Amazon": OTHER, "Ebay": PAYPAL}.get(shop.platform) or (
            INVOICE_PAYMENT
            if business
            else rng.choice((PAYPAL, PAYPAL, PREPAYMENT, INVOICE_PAYMENT))
        )
        order_id += rng.randint(3, 900)
        items = _price_items(rng, data, shop, item_id, business)
        item_id = items[-1]["BillbeeId"]
        final = _final_state(rng, (anchor - created).total_seconds() / 86400, payment)
        events = _timeline(rng, created, anchor, final, payment)
        context: dict[str, Any] = {
            "id": order_id, "index": index, "created": created, "shop": shop, "payment": payment,
            "customer": customer, "address": data.addresses[customer["Id"]], "items": items,
            "events": events, "number": _order_number(rng, shop, index),
        }  # fmt: skip
        data.orders.append(render_order(rng, context))
    _number_invoices(data.orders)
    _sales_figures(data, anchor)


def _number_invoices(orders: list[Record]) -> None:
    invoiced = sorted((o for o in orders if o["InvoiceDate"]), key=lambda o: o["InvoiceDate"])
    for number, order in enumerate(invoiced, start=1001):
        order["InvoiceNumberPrefix"], order["InvoiceNumber"] = INVOICE_PREFIX, number


def _sales_figures(data: DemoData, anchor: datetime) -> None:
    """SoldAmount / SoldSum* on each product from its non-canceled orders."""
    cents = Decimal("0.01")
    totals = {p["Id"]: [Decimal(0)] * 6 for p in data.products}
    for order in data.orders:
        if order["State"] == 8:
            continue
        recent = order["CreatedAt"] >= anchor - timedelta(days=30)
        for item in order["OrderItems"]:
            figures = totals[item["Product"]["BillbeeId"]]
            gross, net = item["TotalPrice"], item["TotalPrice"] - item["TaxAmount"]
            for offset, weight in ((0, True), (3, recent)):
                if weight:
                    figures[offset] += item["Quantity"]
                    figures[offset + 1] += gross
                    figures[offset + 2] += net
    for product in data.products:
        amount, gross, net, amount30, gross30, net30 = totals[product["Id"]]
        product.update({
            "SoldAmount": dbl(amount), "SoldSumGross": dbl(gross.quantize(cents)),
            "SoldSumNet": dbl(net.quantize(cents)),
            "SoldSumNetLast30Days": dbl(net30.quantize(cents)),
            "SoldSumGrossLast30Days": dbl(gross30.quantize(cents)),
            "SoldAmountLast30Days": dbl(amount30),
        })  # fmt: skip
