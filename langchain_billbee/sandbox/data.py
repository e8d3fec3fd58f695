"""Deterministic demo data for the sandbox: a small German coffee roastery selling through its
own web shop, Amazon and eBay.

Everything derives from one ``random.Random(seed)`` and a fixed anchor date (the demo's "now",
:data:`ANCHOR`), so the same seed yields byte-identical API responses. Records are built as plain
dicts in Billbee's wire shape (PascalCase keys in the spec's order, explicit nulls, ``Decimal``
values with .NET scale, naive ``datetime``); :mod:`.wire` serializes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from . import data_names as names
from .wire import NetDecimal

__all__ = [
    "ANCHOR", "DEFAULT_ORDERS", "DEFAULT_PRODUCTS", "SHOPS", "STOCK_ID", "DemoData", "Shop", "dbl",
    "generate", "ml",
]  # fmt: skip

ANCHOR = datetime(2026, 11, 20, 17, 30, 0)
"""The demo world's "now": the newest order is from shortly before this moment."""

DEFAULT_ORDERS = 260
"""Orders in the default demo shop; the project's cassettes, notebooks and demo are built on it."""

DEFAULT_PRODUCTS = 56
"""Products in the default demo shop: the roastery's catalogue (12 coffees in 3 sizes, 20
accessories)."""

STOCK_ID = 300000000001871
"""The single stock location ("Hauptlager") every demo product is kept in."""

Record = dict[str, Any]


@dataclass(frozen=True)
class Shop:
    """A connected shop (Billbee calls it an ApiAccount)."""

    id: int
    name: str
    platform: str
    share: float  # share of orders placed through this shop


SHOPS = (
    Shop(300000000041207, "Rösterei Kranich Webshop", "Webshop", 0.45),
    Shop(300000000041233, "Amazon DE", "Amazon", 0.35),
    Shop(300000000041290, "eBay kranich-kaffee", "Ebay", 0.20),
)


@dataclass
class DemoData:
    """Everything the backend starts from; ``generate`` builds it."""

    products: list[Record] = field(default_factory=list)
    product_created: dict[int, datetime] = field(default_factory=dict)
    customers: list[Record] = field(default_factory=list)
    addresses: dict[int, Record] = field(default_factory=dict)
    orders: list[Record] = field(default_factory=list)


def dbl(value: Decimal | str | int) -> Decimal:
    """A money value as .NET serializes a ``double``: shortest form, at least one decimal."""
    number = Decimal(value).normalize()
    if number.as_tuple().exponent >= 0:  # type: ignore[operator]
        return NetDecimal(number.quantize(Decimal("0.0")))
    return NetDecimal(number)


def ml(text: str | None, language: str = "DE") -> list[Record]:
    """A MultiLanguageString list with one entry (empty list for no text)."""
    return [] if text is None else [{"Text": text, "LanguageCode": language}]


def _ean(rng: random.Random) -> str:
    # Prefix 2 is GS1's range for in-house numbers, so no real product is impersonated.
    digits = "2" + "".join(str(rng.randrange(10)) for _ in range(11))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _catalogue() -> list[tuple[str, str, str, int, int, str]]:
    """(title, sku, price, vat_index, weight_g, category) for every product."""
    items = []
    for number, coffee in enumerate(names.COFFEES, start=1):
        for size, code, price, weight in names.COFFEE_SIZES:
            sku = f"KR-{number:02d}-{code}"
            items.append((f"{coffee} {size}", sku, price, 2, weight, "Kaffee"))
    for number, (title, price) in enumerate(names.ACCESSORIES, start=1):
        items.append((title, f"KR-Z{number:02d}", price, 1, 450, "Zubehör"))
    return items


def _stock_level(rng: random.Random) -> Decimal:
    roll = rng.random()
    if roll < 0.08:
        return Decimal("0")
    if roll < 0.22:
        return Decimal(rng.randint(1, 4))
    return Decimal(rng.randint(8, 140))


def _product(rng: random.Random, pid: int, entry: tuple[str, str, str, int, int, str]) -> Record:
    title, sku, price, vat_index, weight, category = entry
    stock, warning = _stock_level(rng), Decimal(5)
    sources = [
        {"Id": rng.randint(30000000, 39999999), "Source": shop.platform,
         "SourceId": f"{shop.platform[:2].upper()}-{sku}", "ApiAccountName": shop.name,
         "ApiAccountId": shop.id, "ExportFactor": dbl(1), "StockSyncInactive": False,
         "StockSyncMin": None, "StockSyncMax": None, "UnitsPerItem": dbl(1), "Custom": None}
        for shop in SHOPS if shop.platform == "Webshop" or rng.random() < 0.6
    ]  # fmt: skip
    image = {"Url": f"https://images.example.com/kranich/{sku}.jpg", "Id": pid % 10**9,
             "ThumbPathExt": f"kranich/{sku}_thumb.jpg",
             "ThumbUrl": f"https://images.example.com/kranich/{sku}_thumb.jpg", "Position": 1,
             "IsDefault": True, "ArticleId": pid}  # fmt: skip
    return {
        "InvoiceText": ml(title), "Manufacturer": "Rösterei Kranich", "Id": pid,
        "Title": ml(title), "Description": ml(f"{title} aus unserer Rösterei."),
        "ShortDescription": ml(title), "BasicAttributes": [], "Images": [image],
        "VatIndex": vat_index, "Price": dbl(price),
        "CostPrice": dbl((Decimal(price) * Decimal("0.45")).quantize(Decimal("0.01"))),
        "Vat1Rate": dbl(19), "Vat2Rate": dbl(7), "StockDesired": dbl(40),
        "StockCurrent": dbl(stock), "StockWarning": dbl(warning), "SKU": sku, "EAN": _ean(rng),
        "Materials": [], "Tags": ml(category), "Sources": sources, "Weight": weight,
        "WeightNet": weight - 10, "LowStock": stock <= warning,
        "StockCode": None, "StockReduceItemsPerSale": dbl(1),
        "Stocks": [{"Name": "Hauptlager", "StockId": STOCK_ID, "StockCurrent": dbl(stock),
                    "StockCurrentIsCalculated": False, "StockWarning": dbl(warning),
                    "StockCode": None, "UnfulfilledAmount": dbl(0), "StockDesired": dbl(40)}],
        "Category1": {"Name": category, "Id": 8700 + (vat_index == 1)}, "Category2": None,
        "Category3": None, "Type": 1, "Unit": 1, "UnitsPerItem": None,
        "SoldAmount": None, "SoldSumGross": None, "SoldSumNet": None,
        "SoldSumNetLast30Days": None, "SoldSumGrossLast30Days": None, "SoldAmountLast30Days": None,
        "ShippingProductId": None, "IsDigital": False, "IsCustomizable": False, "DeliveryTime": 2,
        "Recipient": 0, "Occasion": 0, "CountryOfOrigin": "DE", "ExportDescription": None,
        "ExportDescriptionMultiLanguage": [], "TaricNumber": "09012100" if vat_index == 2 else None,
        "Condition": 1, "WidthCm": None, "LengthCm": None, "HeightCm": None,
        "BillOfMaterial": None, "CustomFields": [], "IsDeactivated": False,
    }  # fmt: skip


def _products(rng: random.Random, anchor: datetime, data: DemoData) -> None:
    pid = 300000065750000 + rng.randint(1000, 9000)
    for index, entry in enumerate(_catalogue()):
        pid += rng.randint(3, 97)
        data.products.append(_product(rng, pid, entry))
        # Billbee's product model has no creation date, but GET /products filters by one.
        data.product_created[pid] = anchor - timedelta(days=400 - index * 7, minutes=index * 37)


def _meta(meta_id: int, type_id: int, value: str) -> Record:
    type_name = "EMail" if type_id == 1 else "Phone"
    return {"Id": meta_id, "TypeId": type_id, "TypeName": type_name, "SubType": "", "Value": value}


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "", ".": ""})
    return text.lower().translate(table)


def _customer(rng: random.Random, cid: int, number: int, address_id: int) -> tuple[Record, Record]:
    first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
    company = rng.choice(names.COMPANY_KINDS).format(last) if rng.random() < 0.12 else None
    zip_code, town, country = rng.choice(names.TOWNS)
    domain = rng.choice(("com", "org", "net"))
    email = f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@example.{domain}"
    phone = (
        f"+49 {rng.randint(30, 99)} {rng.randint(100000, 999999)}" if rng.random() < 0.4 else None
    )
    mail_meta = _meta(cid % 10**9, 1, email)
    phone_meta = _meta(cid % 10**9 + 1, 2, phone) if phone else None
    customer = {
        "Id": cid, "Name": company or f"{first} {last}", "Email": email, "Tel1": phone,
        "Tel2": None, "Number": number, "PriceGroupId": None, "LanguageId": None,
        "DefaultMailAddress": mail_meta, "DefaultCommercialMailAddress": None,
        "DefaultStatusUpdatesMailAddress": None, "DefaultPhone1": phone_meta,
        "DefaultPhone2": None, "DefaultFax": None,
        "VatId": f"DE{rng.randint(100000000, 999999999)}" if company else None,
        # Type: 0 in every captured sample; 1 for businesses is our reading (unverified).
        "Type": 1 if company else 0,
        "MetaData": [m for m in (mail_meta, phone_meta) if m], "ArchivedAt": None,
        "RestoredAt": None,
    }  # fmt: skip
    address = {
        "BillbeeId": address_id, "FirstName": first, "LastName": last, "Company": company,
        "NameAddition": None, "Street": rng.choice(names.STREETS),
        "HouseNumber": str(rng.randint(1, 120)) + rng.choice(["", "", "", "a", "b"]),
        "Zip": zip_code, "City": town, "CountryISO2": country, "Country": country, "Line2": None,
        "Email": email, "State": None, "Phone": phone,
    }  # fmt: skip
    return customer, address


def _customers(rng: random.Random, data: DemoData, count: int = 120) -> None:
    cid, address_id = 300000147810000 + rng.randint(1000, 9000), 300000171850000
    for index in range(count):
        cid += rng.randint(11, 2999)
        address_id += rng.randint(5, 900)
        customer, address = _customer(rng, cid, 20001 + index, address_id)
        data.customers.append(customer)
        data.addresses[cid] = address


def _customer_count(orders: int) -> int:
    # 120 customers for 260 orders; a bigger shop keeps that ratio, so one-off marketplace buyers
    # stay one-off instead of every customer ordering weekly.
    return max(120, orders * 6 // 13)


def _more_products(seed: int, anchor: datetime, data: DemoData, count: int) -> None:
    """``count`` products beyond the catalogue (sample packs), never sold yet.

    Drawn from their own random stream and added after the orders, so the catalogue, customers
    and orders are the same as in the default shop."""
    rng = random.Random(f"{seed}-more-products")
    pid = max(p["Id"] for p in data.products)
    for number in range(1, count + 1):
        pid += rng.randint(3, 97)
        entry = (f"Probierpaket {number}", f"KR-P{number:04d}", "9.90", 2, 300, "Kaffee")
        data.products.append(_product(rng, pid, entry))
        data.product_created[pid] = anchor - timedelta(days=30, minutes=number)


def generate(
    seed: int = 42,
    anchor: datetime = ANCHOR,
    orders: int = DEFAULT_ORDERS,
    products: int = DEFAULT_PRODUCTS,
) -> DemoData:
    """Build the demo shop for ``seed``: 56 products, 120 customers, 260 orders by default.

    More ``orders`` fall into the same months (a busier shop) with proportionally more customers.
    More ``products`` (at least the 56 of the catalogue) add sample packs that no order contains.
    With the default counts the random draws are exactly those the cassettes, notebooks and demo
    were made from, so their data stays the same."""
    from .data_orders import add_orders

    if products < DEFAULT_PRODUCTS:
        raise ValueError(f"products must be at least {DEFAULT_PRODUCTS}, not {products}")
    rng = random.Random(seed)
    data = DemoData()
    _products(rng, anchor, data)
    _customers(rng, data, _customer_count(orders))
    add_orders(rng, anchor, data, orders)
    _more_products(seed, anchor, data, products - DEFAULT_PRODUCTS)
    return data
