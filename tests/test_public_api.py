"""The public surface is exactly what ``__all__`` promises, and nothing private leaks into it."""

from __future__ import annotations

import langchain_billbee

EXPECTED = {
    "BillbeeAPIWrapper",
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
    "BillbeeListOrdersTool",
    "BillbeeGetOrderTool",
    "BillbeeUpdateOrderStateTool",
    "BillbeeListProductsTool",
    "BillbeeListCustomersTool",
    "BillbeeListInvoicesTool",
    "BillbeeGetOrderStatesTool",
    "BillbeeUpdateStockTool",
    "__version__",
}


def test_all_lists_the_public_api() -> None:
    assert set(langchain_billbee.__all__) == EXPECTED


def test_every_exported_name_resolves() -> None:
    for name in langchain_billbee.__all__:
        assert getattr(langchain_billbee, name) is not None, name


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
