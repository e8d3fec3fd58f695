"""One process of benchmark 5: ``python -m benchmarks._scale_worker CALLS SKEW``.

Credentials, base URL and (for the shared runs) ``BILLBEE_RATE_LIMIT_URL`` come from the
environment, as in a deployment. ``SKEW`` seconds are added to the wrapper's clock (a host whose
clock is off). The process says ``ready`` once imported, starts when a line arrives on stdin, and
prints its 429 count and the wall-clock time of its last answer as its last line.
"""

from __future__ import annotations

import sys
import time

from langchain_billbee import BillbeeAPIWrapper


def main() -> None:
    calls, skew = int(sys.argv[1]), float(sys.argv[2])
    api = BillbeeAPIWrapper(max_retries=30, timeout=30.0, clock=lambda: time.monotonic() + skew)
    # Warm up as a long-running worker would be: the Redis client imported and connected, its
    # scripts loaded (a peek takes no slot).
    api._budget().wait("pace", None)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(calls):
        api.list_products(page=1 + i % 5, page_size=5)
    print(api.stats.rate_limited, time.time(), flush=True)


if __name__ == "__main__":
    main()
