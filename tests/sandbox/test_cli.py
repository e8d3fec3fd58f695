"""The sandbox's command line as a newcomer meets it: lines to paste into a shell, the routes in
words, an admin link that answers, its own name in ``-h``, and a busy port said in one line."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import requests

from langchain_billbee.__main__ import main as package_main
from langchain_billbee.sandbox.__main__ import main as sandbox_main
from tests.sandbox._cli import CEILING, CLIRunner


def test_printed_exports_are_shell_lines(sandbox_cli: CLIRunner) -> None:
    with sandbox_cli("--port", "0") as cli:
        exports = [line for line in cli.lines if line.strip().startswith("export ")]
        script = "\n".join(exports) + '\nenv | grep "^BILLBEE_" | sort\n'
        shell = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
        seen = dict(line.split("=", 1) for line in shell.stdout.splitlines())
        assert seen == cli.settings and len(seen) == 4
        assert cli.get("/enums/orderstates").status_code == 200


def test_routes_are_listed_as_paths_not_patterns(sandbox_cli: CLIRunner) -> None:
    with sandbox_cli("--port", "0") as cli:
        printed = "\n".join(cli.lines)
        missing = cli.get("/events")
    assert "(?P" not in printed and "\\d" not in printed
    for route in ("GET  /api/v1/orders/{id}", "GET  /api/v1/orders/findbyextref/{extRef}",
                  "POST /api/v1/products/updatestockmultiple"):  # fmt: skip
        assert route in printed
    detail = missing.json()["MessageDetail"]
    assert "GET /api/v1/products/{id}" in detail and "(?P" not in detail


def test_the_printed_admin_link_answers_with_the_admin_routes(sandbox_cli: CLIRunner) -> None:
    with sandbox_cli("--port", "0") as cli:
        (line,) = [line for line in cli.lines if "/_sandbox/" in line]
        url = next(word for word in line.split() if word.startswith("http://"))
        index = requests.get(url, timeout=10)
        bare = requests.get(url.rstrip("/"), timeout=10)
    assert index.status_code == bare.status_code == 200
    assert any(entry.startswith("POST /_sandbox/faults") for entry in index.json()["admin"])
    assert "GET /api/v1/orders/{id}" in index.json()["billbee"]


def test_busy_port_is_one_line_and_exit_status_2(sandbox_cli: CLIRunner) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        process = sandbox_cli.spawn("--port", str(port))
        _, stderr = process.communicate(timeout=CEILING)
    assert process.returncode == 2
    assert stderr.strip() == f"port {port} is in use; pick another with --port"


def test_busy_port_through_the_package_command(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert package_main(["sandbox", "--port", str(port)]) == 2
    assert capsys.readouterr().err == f"port {port} is in use; pick another with --port\n"


@pytest.mark.parametrize(
    ("run", "name"),
    [
        (lambda: package_main(["sandbox", "-h"]), "langchain-billbee sandbox"),
        (lambda: sandbox_main(["-h"]), "python -m langchain_billbee.sandbox"),
    ],
)
def test_help_names_the_command_that_was_run(
    capsys: pytest.CaptureFixture[str], run: object, name: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run()  # type: ignore[operator]
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: {name} [-h]")


@pytest.mark.parametrize("port", ["-1", "65536", "http"])
def test_an_impossible_port_is_a_usage_error(port: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        sandbox_main(["--port", port])
    assert exit_info.value.code == 2


def _run_without_the_sandbox_extra(code: str) -> subprocess.CompletedProcess[str]:
    """Python with werkzeug and simplejson unimportable, as on a core-only install."""
    blocked = "import sys; sys.modules['werkzeug'] = sys.modules['simplejson'] = None\n"
    return subprocess.run(
        [sys.executable, "-c", blocked + code], capture_output=True, text=True, timeout=CEILING
    )


def test_the_core_imports_without_the_sandbox_extra() -> None:
    # A star import resolves every public name (the package imports them on first use).
    result = _run_without_the_sandbox_extra("from langchain_billbee import *; print('ok')")
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_the_sandbox_command_without_its_extra_names_it() -> None:
    code = "from langchain_billbee.__main__ import main; raise SystemExit(main(['sandbox']))"
    result = _run_without_the_sandbox_extra(code)
    assert result.returncode == 2
    assert "'sandbox' extra" in result.stderr and "Traceback" not in result.stderr
