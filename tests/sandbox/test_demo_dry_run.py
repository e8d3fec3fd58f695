"""``langchain-billbee demo --live --dry-run``: a "live" account (the sandbox, through the
BILLBEE_* variables as a real one would be) gets the write tools, and no write is sent."""

from __future__ import annotations

from io import StringIO

import pytest

from langchain_billbee.demo import DemoOptions, run_demo
from langchain_billbee.sandbox import BillbeeSandbox
from tests.sandbox._cli import export_sandbox_credentials
from tests.sandbox._shop import current_states


@pytest.mark.waits  # a live account keeps Billbee's 2 requests a second
def test_live_dry_run_shows_writes_and_sends_none(
    sandbox: BillbeeSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_sandbox_credentials(monkeypatch, sandbox)
    states = current_states(sandbox)
    out = StringIO()

    report = run_demo(DemoOptions(live=True, dry_run=True), out)

    text = out.getvalue()
    assert report.exit_code == 0, text
    assert "Dry run: the agent gets the write tools" in text
    assert "DRY RUN (nothing will be sent): Order " in text  # the approval preview
    assert "<- DRY RUN — would set Order " in text  # the tool's answer
    writes = [(r.method, r.path) for r in sandbox.requests if r.method in ("PUT", "DELETE")]
    writes += [(r.method, r.path) for r in sandbox.requests if "updatestock" in r.path]
    assert writes == []  # the sandbox's request log: nothing but reads (and searches)
    assert current_states(sandbox) == states


def test_dry_run_is_a_demo_option() -> None:
    from langchain_billbee.__main__ import _parser

    args = _parser().parse_args(["demo", "--live", "--dry-run"])
    assert args.live and args.dry_run
