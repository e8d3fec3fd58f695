"""The ``langchain-billbee`` command line and the approval decisions, without any server."""

from __future__ import annotations

from io import StringIO

import pytest

from langchain_billbee.__main__ import main
from langchain_billbee.demo import DemoOptions, DemoReport
from langchain_billbee.demo.approval import Reviewer
from langchain_billbee.demo.transcript import Transcript

CREDENTIAL_VARIABLES = ("BILLBEE_USERNAME", "BILLBEE_API_PASSWORD", "BILLBEE_API_KEY")


def test_live_without_credentials_fails_naming_the_variables(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert main(["demo", "--live"]) != 0
    err = capsys.readouterr().err
    assert "--live needs a Billbee account" in err
    assert all(name in err for name in CREDENTIAL_VARIABLES)


def test_allow_writes_needs_live(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--allow-writes"])
    assert exit_info.value.code == 2
    assert "--allow-writes applies to --live only" in capsys.readouterr().err


def test_demo_options_reach_the_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[DemoOptions] = []

    def fake_run_demo(options: DemoOptions) -> DemoReport:
        received.append(options)
        return DemoReport(exit_code=3)

    monkeypatch.setattr("langchain_billbee.demo.run_demo", fake_run_demo)
    argv = ["demo", "--model", "p:m", "--order-id", "7", "--customer", "Anna", "--seed", "5"]
    assert main(argv) == 3
    assert received == [DemoOptions(model="p:m", order_id=7, customer="Anna", seed=5)]


def test_sandbox_subcommand_delegates_to_the_sandbox_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sandbox", "--help"])
    assert exit_info.value.code == 0
    assert "usage: langchain-billbee sandbox [-h]" in capsys.readouterr().out


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([])
    assert "demo" in capsys.readouterr().err


def test_scripted_reviewer_follows_the_plan() -> None:
    reviewer = Reviewer("scripted")
    approve = reviewer.decide("approve", "billbee_update_order_state", {"order_id": 1})
    reject = reviewer.decide("reject", "billbee_update_order_state", {"order_id": 2})
    assert approve.resume_value() == {"type": "approve"}
    assert reject.resume_value()["type"] == "reject" and reject.reason
    assert [(v, a["order_id"]) for v, _, a in reviewer.log] == [("approve", 1), ("reject", 2)]


def test_live_reviewer_without_a_terminal_rejects() -> None:
    decision = Reviewer("reject").decide("approve", "billbee_update_order_state", {})
    assert decision.verdict == "reject" and "No person" in str(decision.reason)


def test_interactive_reviewer_asks_until_it_understands() -> None:
    answers = iter(["maybe", "n", "wrong customer"])
    decision = Reviewer("interactive", ask=lambda _: next(answers)).decide("approve", "t", {})
    assert (decision.verdict, decision.how, decision.reason) == (
        "reject",
        "yours",
        "wrong customer",
    )
    assert Reviewer("interactive", ask=lambda _: "y").decide(None, "t", {}).verdict == "approve"


def test_interactive_reviewer_rejects_when_stdin_closes() -> None:
    def closed(_: str) -> str:
        raise EOFError

    assert Reviewer("interactive", ask=closed).decide("approve", "t", {}).verdict == "reject"


def test_transcript_has_no_colour_outside_a_terminal() -> None:
    out = StringIO()
    Transcript(out).title("Demo")
    assert "\033[" not in out.getvalue()


def test_scripted_reviewer_rejects_writes_no_task_asked_for() -> None:
    decision = Reviewer("scripted").decide(None, "billbee_update_stock", {})
    assert decision.verdict == "reject" and "did not ask" in str(decision.reason)


def test_unknown_model_provider_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--model", "no-such-provider:model"]) == 2
    assert "cannot use --model 'no-such-provider:model'" in capsys.readouterr().err
