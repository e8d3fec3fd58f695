"""The wrapper's settings: credentials and base URL from arguments or the environment, checked
before the first request, and the auth object that puts the credentials on each request.
"""

from __future__ import annotations

import base64
import ipaddress
import os
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import SecretStr

from langchain_billbee._errors import BillbeeConfigurationError

__all__ = [
    "DEFAULT_BASE_URL",
    "BillbeeAuth",
    "basic_token",
    "check_base_url",
    "plain",
    "redact",
    "with_env_defaults",
]

DEFAULT_BASE_URL = "https://api.billbee.io/api/v1"
_CREDENTIAL_ENV = {
    "username": "BILLBEE_USERNAME",
    "api_password": "BILLBEE_API_PASSWORD",
    "api_key": "BILLBEE_API_KEY",
}


class BillbeeAuth(requests.auth.AuthBase):
    """Billbee's two credentials: HTTP Basic (user + API password) and the API key header.

    Basic is encoded as UTF-8 by hand because requests' own encoder uses Latin-1. Being an
    ``auth`` object (not a default header) also keeps requests from swapping in ``.netrc``.
    """

    def __init__(self, username: SecretStr, api_password: SecretStr, api_key: SecretStr) -> None:
        self._username, self._api_password, self._api_key = username, api_password, api_key

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        token = basic_token(self._username, self._api_password)
        r.headers["Authorization"] = "Basic " + token
        r.headers["X-Billbee-Api-Key"] = self._api_key.get_secret_value()
        return r

    def __repr__(self) -> str:
        return "BillbeeAuth(**********)"


def basic_token(username: SecretStr, api_password: SecretStr) -> str:
    """The base64 credential of the ``Authorization: Basic`` header (UTF-8 ``user:password``)."""
    pair = f"{username.get_secret_value()}:{api_password.get_secret_value()}"
    return base64.b64encode(pair.encode()).decode("ascii")


REDACTED = "***"
_MIN_SECRET_LEN = 4
"""Shorter values are not replaced: blanking every "a" of a text would hide the text, not a
secret (Billbee's credentials are far longer)."""


def redact(text: str, username: SecretStr, api_password: SecretStr, api_key: SecretStr) -> str:
    """``text`` with every credential blanked out, the Basic token included.

    A server (or a proxy) that echoes the request headers back would otherwise put the base64
    token, which decodes to user and password, into an error message.
    """
    token = basic_token(username, api_password)
    secrets = (token, api_password.get_secret_value(), api_key.get_secret_value())
    for value in (*secrets, username.get_secret_value()):
        if len(value) >= _MIN_SECRET_LEN:
            text = text.replace(value, REDACTED)
    return text


def plain(value: object) -> str:
    """A setting as trimmed text, secret or not; "" for None."""
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    return str(text).strip() if text is not None else ""


def with_env_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """Fill credentials and base URL from the environment; name every missing variable at once.

    Passed and environment values alike are trimmed: a key pasted with its line break would
    otherwise fail as "credentials rejected" or, in a header, as an exception.
    """
    missing = []
    for field, var in _CREDENTIAL_ENV.items():
        value = plain(data.get(field)) or os.environ.get(var, "").strip()
        if value:
            data[field] = value
        else:
            missing.append((field, var))
    if missing:
        variables = [var for _, var in missing]  # "A, B and C", not "A and B and C"
        names = " and ".join(
            [", ".join(variables[:-1]), variables[-1]] if variables[1:] else variables
        )
        kwargs = ", ".join(f"{field}=..." for field, _ in missing)
        raise BillbeeConfigurationError(
            message=f"Billbee credentials missing: set {names} in the environment "
            f"or pass {kwargs} to BillbeeAPIWrapper."
        )
    if not (data["api_key"].isascii() and data["api_key"].isprintable()):
        # Checked now, because at the first request http.client would raise an error that
        # escapes the tools and, for a line break, quotes the key.
        raise BillbeeConfigurationError(
            message="BILLBEE_API_KEY (api_key) contains a line break, a control character or "
            "a non-ASCII character, which the X-Billbee-Api-Key header cannot carry. Copy the "
            "key from Billbee again."
        )
    if not data.get("base_url"):
        data["base_url"] = os.environ.get("BILLBEE_BASE_URL", "").strip() or DEFAULT_BASE_URL
    check_base_url(str(data["base_url"]).strip())
    return data


def check_base_url(url: str) -> None:
    """Reject a base URL no request can go to now: found at the first call, it would read to
    the model like an outage worth retrying."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        # Billbee's credentials have their own settings; these would be quoted in errors.
        raise BillbeeConfigurationError(
            message="BILLBEE_BASE_URL (base_url) must not contain a user name or password; "
            "pass them as username=... and api_password=... (BILLBEE_USERNAME, "
            "BILLBEE_API_PASSWORD)."
        )
    try:
        requests.PreparedRequest().prepare_url(url, None)
        valid = parts.scheme in ("http", "https")
    except requests.RequestException:
        valid = False
    if not valid:
        raise BillbeeConfigurationError(
            message=f"BILLBEE_BASE_URL (base_url) must be an http(s) URL with a host, such as "
            f"{DEFAULT_BASE_URL}; got {url!r}."
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        raise BillbeeConfigurationError(
            message=f"BILLBEE_BASE_URL (base_url) uses http:// to {parts.hostname}: the "
            "credentials would cross the network in clear text. Use https:// (plain http:// is "
            "accepted only for this machine, e.g. the sandbox on 127.0.0.1)."
        )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
