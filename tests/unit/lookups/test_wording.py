"""The missing-credentials message lists the variables; it does not stutter "and ... and"."""

from __future__ import annotations

import pytest

from langchain_billbee import BillbeeAPIWrapper, BillbeeConfigurationError

VARIABLES = ("BILLBEE_USERNAME", "BILLBEE_API_PASSWORD", "BILLBEE_API_KEY", "BILLBEE_BASE_URL")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, "set BILLBEE_USERNAME, BILLBEE_API_PASSWORD and BILLBEE_API_KEY in"),
        ({"username": "u"}, "set BILLBEE_API_PASSWORD and BILLBEE_API_KEY in"),
        ({"username": "u", "api_key": "k"}, "set BILLBEE_API_PASSWORD in"),
    ],
)
def test_missing_credentials_are_listed_as_a_list(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], expected: str
) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(BillbeeConfigurationError) as caught:
        BillbeeAPIWrapper(**given)
    assert expected in str(caught.value)
    assert str(caught.value).count(" and ") == (1 if expected.count(" and ") else 0)
