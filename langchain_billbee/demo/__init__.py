"""The ``langchain-billbee demo`` command: an agent doing three everyday Billbee tasks.

Run ``langchain-billbee demo`` (or ``python -m langchain_billbee demo``). It starts the sandbox,
builds :class:`~langchain_billbee.BillbeeToolkit` and runs a ``create_agent`` agent through:

1. listing recent unshipped orders, summarized by state and shop;
2. looking up an order and marking it paid, with human approval of the write (approved once,
   rejected once);
3. finding a customer and summarizing their recent orders.

Without ``--model`` a scripted planner (:class:`ScriptedBillbeeModel`) stands in for the LLM; the
tool calls, requests and results are real either way.
"""

from __future__ import annotations

from langchain_billbee.demo.runner import DemoOptions, DemoReport, run_demo
from langchain_billbee.demo.scripted_model import ScriptedBillbeeModel

__all__ = ["DemoOptions", "DemoReport", "ScriptedBillbeeModel", "run_demo"]
