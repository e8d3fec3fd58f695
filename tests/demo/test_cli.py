"""The ``langchain-billbee`` command line and the approval decisions, without any server."""

from __future__ import annotations

from io import StringIO
from uuid import uuid4

import pytest
from langchain_core.messages import ToolMessage

from langchain_billbee.__main__ import main
from langchain_billbee._version import __version__
from langchain_billbee.demo import DemoOptions, DemoReport
from langchain_billbee.demo.agent import ProgressPrinter
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
    assert main(["demo", "--allow-writes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --allow-writes applies to --live only")
    assert "usage:" not in err  # one clear line, not the top-level usage
    assert err.count("\n") == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"langchain-billbee {__version__}"


def test_the_demo_says_what_is_starting_before_the_slow_part(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_run_demo(options: DemoOptions) -> DemoReport:
        # Whatever the runtime does next, the first line is already out.
        assert "Starting the demo" in capsys.readouterr().out
        return DemoReport()

    monkeypatch.setattr("langchain_billbee.demo.run_demo", fake_run_demo)
    assert main(["demo"]) == 0


def test_missing_demo_extra_names_the_readme_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_langchain(name: str, *args: object, **kwargs: object) -> object:
        if name == "langchain_billbee.demo":
            raise ModuleNotFoundError("No module named 'langchain'", name="langchain")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_langchain)
    assert main(["demo"]) == 2
    assert 'python -m pip install ".[demo]"' in capsys.readouterr().err


def test_order_number_and_order_id_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo", "--order-number", "WS-1", "--order-id", "7"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_demo_options_reach_the_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[DemoOptions] = []

    def fake_run_demo(options: DemoOptions) -> DemoReport:
        received.append(options)
        return DemoReport(exit_code=3)

    monkeypatch.setattr("langchain_billbee.demo.run_demo", fake_run_demo)
    argv = ["demo", "--model", "p:m", "--order-id", "7", "--customer", "Anna", "--seed", "5"]
    assert main(argv) == 3
    assert main(["demo", "--order-number", "15-95563-59200"]) == 3
    assert received == [
        DemoOptions(model="p:m", order_id=7, customer="Anna", seed=5),
        DemoOptions(order_number="15-95563-59200"),
    ]


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


def test_result_lines_are_cut_at_a_column_not_mid_date() -> None:
    line = "300000181057783 | WS-10412 | 2 Bestaetigt (confirmed) | Rösterei Kranich Webshop | "
    line += "2026-11-19 | 45.80 EUR | Anna Weber"
    out = StringIO()
    Transcript(out, color=False)._tool(ToolMessage(line, tool_call_id="c"))
    shown = out.getvalue().strip().removeprefix("<- ")
    assert len(shown) <= 105 and shown.endswith(" | …")
    kept = shown.removesuffix(" | …").split(" | ")
    assert kept == line.split(" | ")[: len(kept)]  # whole columns only: no "| 20…"


def test_progress_events_are_printed_while_a_tool_runs() -> None:
    out = StringIO()
    printer = ProgressPrinter(Transcript(out, color=False))
    event = {"pages_read": 1, "total_pages": 4, "orders_read": 250, "matching": 1000}
    printer.on_custom_event("billbee_progress", {**event, "max_orders": 5000}, run_id=uuid4())
    printer.on_custom_event("something_else", {}, run_id=uuid4())
    assert out.getvalue().strip() == ".. read 250 of 1,000 orders (page 1 of 4)"


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
