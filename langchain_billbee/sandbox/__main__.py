"""``python -m langchain_billbee.sandbox --port 8765 [--seed 42] [--orders N] [--no-throttle]``."""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Sequence

from . import BillbeeSandbox
from .data import DEFAULT_ORDERS


def _order_count(text: str) -> int:
    count = int(text)
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {count}")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the sandbox until Ctrl-C, after printing its base URL and credentials."""
    parser = argparse.ArgumentParser(
        prog="python -m langchain_billbee.sandbox",
        description="Serve an offline Billbee API with demo data on 127.0.0.1.",
    )
    parser.add_argument("--port", type=int, default=8765, help="TCP port (0 = any free port)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the demo data")
    parser.add_argument(
        "--orders", type=_order_count, default=DEFAULT_ORDERS, metavar="N",
        help=f"orders in the demo shop (default {DEFAULT_ORDERS})",
    )  # fmt: skip
    parser.add_argument("--no-throttle", action="store_true", help="switch Billbee's throttles off")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sandbox = BillbeeSandbox(
        seed=args.seed, port=args.port, throttle=not args.no_throttle, orders=args.orders
    ).start()
    elapsed = time.perf_counter() - started
    print(f"Billbee sandbox ready in {elapsed:.3f} s (seed {args.seed}, {args.orders} orders)")
    print(f"  BILLBEE_BASE_URL={sandbox.base_url}")
    print(f"  BILLBEE_USERNAME={sandbox.username}")
    print(f"  BILLBEE_API_PASSWORD={sandbox.api_password}")
    print(f"  BILLBEE_API_KEY={sandbox.api_key}")
    print(f"  faults and reset: {sandbox.url}/_sandbox/  (see langchain_billbee.sandbox.admin)")
    print("Press Ctrl-C to stop.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nStopping.")
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
