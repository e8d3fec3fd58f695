"""One process of the multi-process test: ``python -m tests.redis._worker CALLS``.

Credentials, base URL and ``BILLBEE_RATE_LIMIT_URL`` come from the environment, as in a real
deployment. The process says ``ready`` once imported, starts its calls when a line arrives on
stdin (so all start together), and prints its counters as one JSON line.
"""

from __future__ import annotations

import json
import sys
import time

from langchain_billbee import BillbeeAPIWrapper


def main() -> None:
    calls = int(sys.argv[1])
    api = BillbeeAPIWrapper(max_retries=5, timeout=10.0)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    for i in range(calls):
        api.list_products(page=1 + i % 5, page_size=5)
    stats = api.stats
    print(
        json.dumps(
            {
                "requests": stats.requests,
                "rate_limited": stats.rate_limited,
                "seconds": time.monotonic() - started,
            }
        )
    )


if __name__ == "__main__":
    main()
