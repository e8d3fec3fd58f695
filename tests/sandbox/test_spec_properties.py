"""A property-based run of Billbee's spec against the sandbox: schemathesis generates valid and
invalid requests for every operation the sandbox serves, and none may crash it (HTTP 500 or a
dropped connection).

Bounded and deterministic so it belongs in the suite (a fixed seed, 20 examples per operation
and mode, about 15 s): it runs with the throttle off, because at Billbee's 2 requests a second
the same run would take minutes. The full run, at 2/s against a throttled sandbox, is the
README's documented ``schemathesis run`` command. The spec lives outside the repository, as
for the spec-shape test (``BILLBEE_SWAGGER``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings

from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.sandbox.routes import ROUTES
from tests.conftest import load_billbee_spec

OPERATIONS = [(route.method, "/api/v1" + route.template) for route in ROUTES]
EXAMPLES = 20


@pytest.fixture(scope="module")
def operations() -> dict[tuple[str, str], Any]:
    spec = load_billbee_spec()
    wanted = {spec["paths"][path][method.lower()]["operationId"] for method, path in OPERATIONS}
    schema = schemathesis.openapi.from_dict(spec).include(operation_id=sorted(wanted))
    found = [result.ok() for result in schema.get_all_operations()]
    return {(op.method.upper(), op.path): op for op in found}


@pytest.fixture(scope="module")
def own_sandbox() -> Iterator[BillbeeSandbox]:
    with BillbeeSandbox(throttle=False) as sandbox:
        yield sandbox


def _crashes(sandbox: BillbeeSandbox, operation: Any, mode: Any) -> list[str]:
    """Requests of ``mode`` the sandbox answered with a 5xx or no answer at all."""
    token = base64.b64encode(f"{sandbox.username}:{sandbox.api_password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "X-Billbee-Api-Key": sandbox.api_key}
    crashes: list[str] = []
    session = requests.Session()  # without one, each call builds and drops its own

    @seed(20261201)
    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        try:
            response = case.call(base_url=sandbox.url, session=session, headers=headers, timeout=30)
        except requests.ConnectionError as exc:
            crashes.append(f"no answer to {case.path_parameters} {case.query}: {exc}")
            return
        if response.status_code >= 500:
            crashes.append(f"{response.status_code} for {case.path_parameters} {case.query} "
                           f"{str(case.body)[:80]}: {response.text[:120]}")  # fmt: skip

    try:
        run()
    finally:
        session.close()
    return crashes


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_generated_request_crashes_the_sandbox(
    operations: dict[tuple[str, str], Any], own_sandbox: BillbeeSandbox, method: str, path: str
) -> None:
    operation = operations[(method, path)]
    crashes = []
    for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
        crashes += _crashes(own_sandbox, operation, mode)
        own_sandbox.reset()  # writes land; the next operation starts from the demo shop
    assert not crashes, "\n".join(crashes[:10])


def test_the_run_notices_a_crash(
    operations: dict[tuple[str, str], Any], own_sandbox: BillbeeSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Honest: with a handler that breaks, the same run reports it."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("planted bug")

    monkeypatch.setattr(own_sandbox.state, "get_order_states", broken)
    operation = operations[("GET", "/api/v1/enums/orderstates")]
    assert _crashes(own_sandbox, operation, schemathesis.GenerationMode.POSITIVE)
