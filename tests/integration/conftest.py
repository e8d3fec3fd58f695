"""Cassette replay for the integration tier.

By default (``--record-mode=none``, what CI runs) every request is answered from ``cassettes/``
and nothing listens anywhere. A maintainer re-records with ``--record-mode=rewrite``: against the
sandbox, or against a real Billbee account when ``BILLBEE_RECORD_LIVE=1`` and the ``BILLBEE_*``
credentials are set (see the README).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from langchain_billbee import BillbeeAPIWrapper
from tests.conftest import REPO_ROOT
from tests.integration._scrub import canonical_request, scrub_response

if TYPE_CHECKING:
    from langchain_billbee.sandbox import BillbeeSandbox

# Overridable so a test can prove the README's re-record command without touching the repo.
CASSETTE_ROOT = Path(os.environ.get("BILLBEE_CASSETTE_DIR", REPO_ROOT / "cassettes"))
# Replay needs no server; the host part is ignored when matching (see vcr_config).
REPLAY_BASE_URL = "http://127.0.0.1:8765/api/v1"
REPLAY_CREDENTIALS = {
    "username": "replay@example.com",
    "api_password": "replay-api-password",
    "api_key": "replay-api-key",
}


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [
            ("authorization", "REDACTED"),
            ("x-billbee-api-key", "REDACTED"),
        ],
        # Host and port differ between the sandbox, a live account and replay; the Billbee
        # operation is identified by method, path, query and body.
        "match_on": ["method", "path", "query", "body"],
        "before_record_request": canonical_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTE_ROOT / request.module.__name__.rsplit(".", 1)[-1])


def _recording(config: pytest.Config) -> bool:
    return str(config.getoption("--record-mode")) not in ("none", "None")


@pytest.fixture(scope="module")
def _recording_shop(request: pytest.FixtureRequest) -> Iterator[BillbeeSandbox | None]:
    """The sandbox a module records from (one per module, as its cassettes were recorded);
    None when replaying or recording live."""
    if not _recording(request.config) or os.environ.get("BILLBEE_RECORD_LIVE") == "1":
        yield None
        return
    from langchain_billbee.sandbox import BillbeeSandbox

    with BillbeeSandbox() as sandbox:
        yield sandbox


@pytest.fixture
def api_wrapper(
    request: pytest.FixtureRequest, _recording_shop: BillbeeSandbox | None
) -> BillbeeAPIWrapper:
    """The wrapper an integration test uses: replaying, or recording from sandbox or live.

    A fresh one per test: its read caches start empty, so each test's cassette holds every
    request the test makes, whichever tests ran before it and wherever (xdist)."""
    if _recording_shop is not None:
        return _recording_shop.api_wrapper()
    if _recording(request.config):
        return BillbeeAPIWrapper()  # live: BILLBEE_RECORD_LIVE=1 and the BILLBEE_* variables
    return BillbeeAPIWrapper(
        base_url=REPLAY_BASE_URL, requests_per_second=None, **REPLAY_CREDENTIALS
    )
