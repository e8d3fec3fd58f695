"""``ainvoke`` handles failures and invalid arguments as the sync path does.

That every tool answers ``ainvoke`` exactly as ``invoke``, off the event loop's thread, is
proven end to end for each tool of ``BILLBEE_TOOLS`` in ``tests/sandbox/test_tools_e2e.py``.
"""

from __future__ import annotations

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeRateLimitError
from langchain_billbee.tools import BillbeeGetOrderTool
from tests.unit.tools._helpers import FakeApi, acall


async def test_ainvoke_reports_failures_and_invalid_arguments(
    wrapper: BillbeeAPIWrapper, fake_api: FakeApi
) -> None:
    fake_api("get_order", error=BillbeeRateLimitError(message="Throttled.", retry_after=3))
    tool = BillbeeGetOrderTool(api_wrapper=wrapper)

    failed = await acall(tool, order_id=1)
    invalid = await acall(tool, order_id=-1)

    assert failed.status == invalid.status == "error"
    assert "Wait 3 seconds" in failed.content
    assert invalid.content.startswith("Invalid arguments for billbee_get_order")
