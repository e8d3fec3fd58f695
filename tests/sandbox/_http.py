"""Raw-HTTP helpers for the sandbox's own tests: they talk ``requests`` directly, never the
client wrapper, so the sandbox is tested on its own terms."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import requests


class BillbeeHTTP:
    """A ``requests`` session carrying the sandbox's credentials, with paths below /api/v1."""

    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self.session = requests.Session()
        self.session.auth = (sandbox.username, sandbox.api_password)
        self.session.headers["X-Billbee-Api-Key"] = sandbox.api_key
        self.session.headers["Accept"] = "application/json"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.sandbox.base_url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def data(self, path: str, **params: Any) -> Any:
        """GET and return the envelope's Data, asserting success."""
        body = parse(self.get(path, params=params))
        assert body["ErrorCode"] == 0 and body["ErrorMessage"] is None, body
        return body["Data"]

    def all(self, path: str, **params: Any) -> list[Any]:
        """Every record of a paged list, page by page (250 per page)."""
        records: list[Any] = []
        page = 1
        while True:
            body = parse(self.get(path, params={**params, "page": page, "pageSize": 250}))
            assert body["ErrorCode"] == 0, body
            records.extend(body["Data"])
            if page >= body["Paging"]["TotalPages"]:
                return records
            page += 1

    def close(self) -> None:
        self.session.close()


def parse(response: requests.Response) -> Any:
    """JSON with Decimals, as a careful client reads Billbee."""
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return json.loads(response.text, parse_float=Decimal)
