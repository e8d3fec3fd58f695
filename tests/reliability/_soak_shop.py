"""The soak's Billbee: a sandbox in a process of its own, driven over stdin and stdout.

Billbee is another machine; a sandbox in the test process is not. There, its request threads
and the soak's six client threads take turns at one interpreter lock, and the moment the
sandbox counts a request against the 2-per-window rule can lag the moment the client sent it
by tens of milliseconds: under load, two requests sent 70 ms apart could be counted 30 ms
apart, a "429 we provoked" that no network would produce. In its own process the sandbox
counts requests as they arrive, as Billbee does.

Run as ``python -m tests.reliability._soak_shop COMPRESSION``. It prints its base URL, then
answers one JSON line per JSON line read: ``{"op": "faults", "rate": r, "seed": s}`` (random
faults, rate 0 clears them) and ``{"op": "snapshot"}`` (every order's state and History length,
every product's stock, the sandbox's counters). It stops when stdin closes.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from typing import Any

from langchain_billbee.sandbox import BillbeeSandbox
from langchain_billbee.sandbox.throttle import SlidingWindow

API_KEY, USERNAME = "soak-key", "soak@example.com"


def snapshot(sandbox: BillbeeSandbox) -> dict[str, Any]:
    orders = sandbox.state.get_orders(page_size=250).items
    products = sandbox.state.get_products(page_size=250).items
    return {
        "orders": [[o["BillBeeOrderId"], o["State"], len(o["History"])] for o in orders],
        "stock": {str(p["SKU"]): str(p["StockCurrent"]) for p in products},
        "stats": sandbox.stats.as_dict(),
    }


def answer(sandbox: BillbeeSandbox, ask: dict[str, Any]) -> dict[str, Any]:
    if ask["op"] == "faults":
        sandbox.faults.set_random(ask["rate"], seed=ask["seed"], retry_after=1)
        return {"ok": True}
    if ask["op"] == "snapshot":
        return snapshot(sandbox)
    return {"error": f"unknown op {ask['op']!r}"}


def main(compression: float) -> None:
    with BillbeeSandbox(throttle=True, api_key=API_KEY, username=USERNAME) as sandbox:
        # Half the window: compressed, the limiter's 40 ms of room is less than one stall of a
        # loaded machine (a fresh CI run repeated the soak for stalls of 114 and 147 ms). With
        # 90 ms of room it still refuses a limiter that is bypassed or not shared, which puts
        # requests milliseconds apart; the spacing itself is the real-time tests' to judge.
        sandbox.throttle.general = SlidingWindow(2, 0.5 / compression, time.monotonic)
        snapshot(sandbox)  # generates the demo data
        # The demo data is a large, long-lived heap; a full garbage collection walking it stalls
        # a request for 50-80 ms between its arrival and the throttle's count (seen: 2 soak runs
        # in 6 refused that way). Billbee counts a request when it arrives, so the data is
        # frozen out of the collector's reach.
        gc.freeze()
        print(sandbox.base_url, flush=True)
        for line in sys.stdin:
            print(json.dumps(answer(sandbox, json.loads(line))), flush=True)


if __name__ == "__main__":
    main(float(sys.argv[1]))
