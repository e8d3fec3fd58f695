"""The public surface is exactly what ``__all__`` promises, and nothing private leaks into it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

import langchain_billbee
from langchain_billbee import tools
from langchain_billbee.toolkit import tool_name
from langchain_billbee.tools import BILLBEE_TOOLS
from tests.conftest import REPO_ROOT

CORE = {
    "BillbeeAPIWrapper",
    "BillbeeAccounts",
    "BillbeeToolkit",
    "BillbeeError",
    "BillbeeAPIError",
    "BillbeeAuthenticationError",
    "BillbeeConfigurationError",
    "BillbeeConnectionError",
    "BillbeeNotFoundError",
    "BillbeeRateLimitError",
    "BillbeeRedirectError",
    "BillbeeServerError",
    "BillbeeStockChangedError",
    # What the write methods take and answer (update_stock_multiple, update_order_state).
    "StockChange",
    "StockItemOutcome",
    "OrderStateChange",
    "BillbeeTimeoutError",
    "__version__",
}
TOOL_CLASSES = {tool.__name__ for tool in BILLBEE_TOOLS}
EXPECTED = CORE | TOOL_CLASSES
# A row of the README's tool table: | `billbee_list_orders` | what | endpoint | read |
README_ROW = re.compile(r"^\| `(billbee_\w+)` \|.*\| (read|\*\*write\*\*) \|$", re.MULTILINE)


def test_all_lists_the_public_api() -> None:
    assert set(langchain_billbee.__all__) == EXPECTED


def test_every_exported_name_resolves() -> None:
    for name in langchain_billbee.__all__:
        assert getattr(langchain_billbee, name) is not None, name


def test_a_star_import_and_dir_give_the_public_api() -> None:
    namespace: dict[str, object] = {}
    exec("from langchain_billbee import *", namespace)
    assert set(namespace) - {"__builtins__"} == EXPECTED
    assert set(dir(langchain_billbee)) >= EXPECTED


def test_an_unknown_name_is_an_attribute_error_and_a_submodule_is_found() -> None:
    with pytest.raises(AttributeError, match="no attribute 'BillbeeNoSuchTool'"):
        _ = langchain_billbee.BillbeeNoSuchTool
    assert not hasattr(langchain_billbee, "__wrapped__")
    assert langchain_billbee.audit.read_audit_log is not None
    # Reachable as before, though not in __all__: the tools package's own names.
    assert langchain_billbee.BILLBEE_TOOLS is BILLBEE_TOOLS
    assert langchain_billbee.BillbeeBaseTool is tools.BillbeeBaseTool


def test_what_type_checkers_see_is_what_the_package_resolves() -> None:
    # The package lists its names twice: imports for type checkers, homes for first use.
    source = (REPO_ROOT / "langchain_billbee" / "__init__.py").read_text(encoding="utf-8")
    block = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    seen = {
        (alias.asname or alias.name, node.module)
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module != "langchain_billbee.tools"
        for alias in node.names
    }
    homes = {(name, f"langchain_billbee.{home}") for name, home in langchain_billbee._HOMES.items()}
    assert seen == homes


def test_the_sandbox_imports_without_langchain_core() -> None:
    # Names are imported on first use, so the sandbox's command starts without the tools.
    heavy = "('langchain_core', 'langchain_billbee.tools')"
    code = (
        "import sys, langchain_billbee.sandbox, langchain_billbee.sandbox.__main__; "
        f"print(sorted(m for m in {heavy} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_errors_share_one_root() -> None:
    errors = [name for name in EXPECTED if name.endswith("Error") and name != "BillbeeError"]
    for name in errors:
        assert issubclass(getattr(langchain_billbee, name), langchain_billbee.BillbeeError), name


def test_every_tool_class_documents_setup_instantiation_and_invocation() -> None:
    # LangChain's integration template: the API reference shows each class's own docstring.
    for name in EXPECTED:
        obj = getattr(langchain_billbee, name)
        if name.endswith("Tool"):
            doc = obj.__doc__ or ""
            for section in ("Setup:", "Instantiate:", "Invoke:"):
                assert section in doc, f"{name} has no {section} section"
            assert f"tool = {name}(api_wrapper=" in doc
            assert ".. code-block:: python" in doc


def test_the_tools_package_exports_every_tool_of_the_table() -> None:
    # Its __all__ is written out for type checkers; the table is what everything else reads.
    assert set(tools.__all__) == TOOL_CLASSES | {"BILLBEE_TOOLS", "Access", "BillbeeBaseTool"}
    for tool in BILLBEE_TOOLS:
        assert getattr(langchain_billbee, tool.__name__) is tool


def test_every_tool_declares_its_own_example_args() -> None:
    for tool in BILLBEE_TOOLS:
        assert "example_args" in vars(tool), f"{tool.__name__} has no example_args"
        tool.model_fields["args_schema"].default.model_validate(tool.example_args)


def test_the_readme_tool_table_is_the_table() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    rows = [(name, access.strip("*")) for name, access in README_ROW.findall(readme)]
    assert rows == [(tool_name(tool), tool.access) for tool in BILLBEE_TOOLS]
