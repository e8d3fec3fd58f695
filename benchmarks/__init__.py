"""Reproducible figures for langchain-billbee's claims: ``python -m benchmarks``.

Eight benchmarks, each against its own in-process Billbee sandbox over loopback, printed side by
side in one table with the target each figure is held against:

1. throttle utilisation (:mod:`.throttle`): wall time against the ideal at 2 requests/second,
   and 429s, for the wrapper and for two obvious alternatives;
2. what the model reads (:mod:`.content`): tool content against the raw JSON of the same records;
3. requests per task (:mod:`.tasks`): the demo's three tasks and a 1,000-order walk;
4. overhead (:mod:`.overhead`): the wrapper's per-call time against a bare ``requests`` call;
5. MCP (:mod:`.mcp`): a tool call through the MCP server against a direct call, and the tool
   list's size against the toolkit's schemas;
6. the words users use (:mod:`.lookups`): an order by its number, a summary by state and shop,
   and the tool schemas a model is bound to;
7. scale (:mod:`.scale`): processes sharing one budget through Redis, fairness, Redis's cost;
8. writes (:mod:`.writes`): a stock-take one SKU at a time against batches, and the reads an
   approval preview costs.

Nothing here asserts timings; the figures are printed and the reader judges them. The package
itself holds only the table's rows (importing it starts no benchmark and loads neither the MCP
SDK nor LangChain's agents); :mod:`.runner` runs them.
"""

from __future__ import annotations

from benchmarks._report import Row, render_table, verdict

__all__ = ["Row", "render_table", "verdict"]
