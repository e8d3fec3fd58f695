"""``python -m langchain_billbee.sandbox --port 8765 [--seed 42] [--orders N] [--no-throttle]``
(also ``langchain-billbee sandbox ...``)."""

from __future__ import annotations

import argparse
import errno
import shlex
import signal
import sys
import threading
import time
from collections.abc import Sequence

from . import BillbeeSandbox
from .data import DEFAULT_ORDERS
from .routes import API_PREFIX, ROUTES

DEFAULT_PORT = 8765


def _order_count(text: str) -> int:
    count = int(text)
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {count}")
    return count


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, not {port}")
    return port


def _parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or "python -m langchain_billbee.sandbox",
        description="Serve an offline Billbee API with demo data on 127.0.0.1.",
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT,
        help=f"TCP port (default {DEFAULT_PORT}; 0 = any free port)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=42, help="seed of the demo data")
    parser.add_argument(
        "--orders", type=_order_count, default=DEFAULT_ORDERS, metavar="N",
        help=f"orders in the demo shop (default {DEFAULT_ORDERS})",
    )  # fmt: skip
    parser.add_argument("--no-throttle", action="store_true", help="switch Billbee's throttles off")
    return parser


def _banner(sandbox: BillbeeSandbox, elapsed: float, orders: int) -> list[str]:
    """What the user needs: shell lines to paste, what is served, where the admin routes are."""
    settings = {
        "BILLBEE_BASE_URL": sandbox.base_url, "BILLBEE_USERNAME": sandbox.username,
        "BILLBEE_API_PASSWORD": sandbox.api_password, "BILLBEE_API_KEY": sandbox.api_key,
    }  # fmt: skip
    return [
        f"Billbee sandbox ready in {elapsed:.3f} s (seed {sandbox.seed}, {orders} orders)",
        "Paste into a shell to point langchain-billbee at it:",
        *(f"  export {name}={shlex.quote(value)}" for name, value in settings.items()),
        "Billbee routes served:",
        *(f"  {route.method:<4} {API_PREFIX}{route.template}" for route in ROUTES),
        f"Faults, reset and stats: {sandbox.url}/_sandbox/ (GET lists the admin routes)",
        "Press Ctrl-C to stop.",
    ]


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Serve the sandbox until Ctrl-C, after printing its base URL and credentials.

    A port that is taken (or not ours to bind) is exit status 2 with a one-line message."""
    args = _parser(prog).parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        # Python leaves SIGINT ignored when the parent ignored it, as a shell does for a command
        # it starts in the background (`&` without job control): the banner's Ctrl-C and
        # `kill -INT` would then do nothing, and the sandbox would serve on.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.perf_counter()
    sandbox = BillbeeSandbox(
        seed=args.seed, port=args.port, throttle=not args.no_throttle, orders=args.orders
    )
    try:
        sandbox.start()
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            print(f"port {args.port} is in use; pick another with --port", file=sys.stderr)
        else:
            print(f"cannot serve on port {args.port}: {err.strerror}", file=sys.stderr)
        return 2
    try:  # from the first banner line on: a Ctrl-C while it prints must stop cleanly too
        for line in _banner(sandbox, time.perf_counter() - started, args.orders):
            print(line, flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nStopping.")
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
