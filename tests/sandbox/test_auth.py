"""Authentication as Billbee does it: Basic (user + API password) and X-Billbee-Api-Key, both."""

from __future__ import annotations

from typing import Any

import pytest
import requests


@pytest.mark.parametrize(
    ("auth", "key"),
    [
        (None, None),
        (None, "sandbox-api-key"),
        (("sandbox@example.com", "sandbox-api-password"), None),
        (("sandbox@example.com", "wrong"), "sandbox-api-key"),
        (("someone@example.com", "sandbox-api-password"), "sandbox-api-key"),
        (("sandbox@example.com", "sandbox-api-password"), "wrong-key"),
    ],
    ids=["nothing", "key-only", "basic-only", "wrong-password", "wrong-user", "wrong-key"],
)
def test_anything_less_than_both_credentials_is_401(
    sandbox: Any, auth: tuple[str, str] | None, key: str | None
) -> None:
    headers = {"X-Billbee-Api-Key": key} if key else {}
    response = requests.get(sandbox.base_url + "/orders", auth=auth, headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"Message": "Authorization has been denied for this request."}
    assert sandbox.stats.unauthorized == 1


def test_both_credentials_pass(sandbox: Any) -> None:
    response = requests.get(
        sandbox.base_url + "/enums/orderstates",
        auth=(sandbox.username, sandbox.api_password),
        headers={"X-Billbee-Api-Key": sandbox.api_key},
        timeout=10,
    )
    assert response.status_code == 200


def test_credentials_are_configurable() -> None:
    from langchain_billbee.sandbox import BillbeeSandbox

    with BillbeeSandbox(username="u@example.com", api_password="pw", api_key="k") as sb:
        ok = requests.get(
            sb.base_url + "/enums/orderstates",
            auth=("u@example.com", "pw"),
            headers={"X-Billbee-Api-Key": "k"},
            timeout=10,
        )
        default = requests.get(
            sb.base_url + "/enums/orderstates",
            auth=("sandbox@example.com", "sandbox-api-password"),
            headers={"X-Billbee-Api-Key": "sandbox-api-key"},
            timeout=10,
        )
    assert (ok.status_code, default.status_code) == (200, 401)
