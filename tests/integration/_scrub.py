"""Keep personal data out of cassettes recorded against a real Billbee account.

The sandbox's data is invented, but the same hook runs for every recording so a maintainer who
re-records live cannot forget it. Names, e-mail addresses, phone numbers and street addresses are
replaced; ids, states, amounts and dates stay, because the tests reason about them.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CANONICAL_HOST = "api.billbee.io"

PERSONAL_KEYS = frozenset(
    {
        "FirstName",
        "LastName",
        "Company",
        "NameAddition",
        "Street",
        "HouseNumber",
        "Line2",
        "Email",
        "Phone",
        "Tel1",
        "Tel2",
        "Nick",
        "FullName",
        "Name",
        "BuyerName",
        "CustomerName",
        "Addresses",
        "VatId",
        "CustomerVatId",
    }
)
# Keys named "Name" that are not about a person: order-state and shop names must survive.
KEEP_NAME_PARENTS = frozenset({"Category1", "Category2", "Category3", "Definition"})


def scrub(value: Any, parent: str = "") -> Any:
    """Return ``value`` with personal fields replaced by neutral placeholders."""
    if isinstance(value, list):
        return [scrub(item, parent) for item in value]
    if not isinstance(value, dict):
        return value
    is_enum_entry = set(value) == {"Id", "Name"}
    cleaned: dict[str, Any] = {}
    for key, item in value.items():
        personal = key in PERSONAL_KEYS and not is_enum_entry and parent not in KEEP_NAME_PARENTS
        if personal and isinstance(item, str) and item:
            cleaned[key] = "scrubbed@example.com" if "@" in item else "Scrubbed"
        else:
            cleaned[key] = scrub(item, key)
    return cleaned


def dumps_keeping_decimals(value: Any) -> str:
    """Serialize like Billbee does: decimals keep their .NET scale (``30.000`` stays ``30.000``)."""
    decimals: list[str] = []

    def placeholder(item: Any) -> str:
        if isinstance(item, Decimal):
            decimals.append(str(item))
            return f"__decimal_{len(decimals) - 1}__"
        raise TypeError(f"cannot serialize {type(item).__name__}")

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=placeholder)
    for index, raw in enumerate(decimals):
        text = text.replace(f'"__decimal_{index}__"', raw, 1)
    return text


def canonical_request(request: Any) -> Any:
    """vcrpy ``before_record_request`` hook: store Billbee's own base URL, whatever was recorded.

    The sandbox listens on a random port; rewriting the host keeps a re-recording from touching
    every cassette, and replay matches on method, path, query and body anyway.
    """
    parts = urlsplit(request.uri)
    request.uri = urlunsplit(("https", CANONICAL_HOST, parts.path, parts.query, ""))
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy ``before_record_response`` hook: drop the volatile ``Date`` header and scrub JSON
    bodies recorded from a live account.

    Sandbox recordings hold invented people and are kept byte for byte.
    """
    response.get("headers", {}).pop("Date", None)
    body = response.get("body", {}).get("string", b"")
    if not body or os.environ.get("BILLBEE_RECORD_LIVE") != "1":
        return response
    try:
        data = json.loads(body, parse_float=Decimal)
    except ValueError:
        return response
    response["body"]["string"] = dumps_keeping_decimals(scrub(data)).encode("utf-8")
    return response
