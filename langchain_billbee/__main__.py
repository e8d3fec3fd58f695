"""``langchain-billbee`` (or ``python -m langchain_billbee``): the demo, and the sandbox.

.. code-block:: bash

    langchain-billbee demo                      # scripted planner, local sandbox
    langchain-billbee demo --model openai:gpt-4.1-mini
    langchain-billbee demo --live               # your account, read-only
    langchain-billbee sandbox --port 8765       # same as python -m langchain_billbee.sandbox
    langchain-billbee mcp --sandbox             # the tools as an MCP server (stdio)
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from langchain_billbee._version import __version__

__all__ = ["main"]

DEMO_HELP = "run an agent through three Billbee tasks (sandbox unless --live)"
SANDBOX_HELP = "start the Billbee sandbox server (options: see `langchain-billbee sandbox -h`)"
MCP_HELP = "serve the tools to MCP clients (options: see `langchain-billbee mcp -h`)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="langchain-billbee",
        description="LangChain tools for Billbee, the order-management system for online sellers.",
    )
    parser.add_argument("--version", action="version", version=f"langchain-billbee {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help=DEMO_HELP, description=DEMO_HELP)
    demo.add_argument(
        "--model",
        metavar="PROVIDER:MODEL",
        help="let this chat model plan (init_chat_model, e.g. openai:gpt-4.1-mini; the "
        "provider's package and API key must be installed/set); default: a scripted planner",
    )
    demo.add_argument(
        "--live",
        action="store_true",
        help="use the Billbee account from BILLBEE_USERNAME, BILLBEE_API_PASSWORD, "
        "BILLBEE_API_KEY instead of the sandbox; read-only unless --allow-writes",
    )
    demo.add_argument(
        "--allow-writes",
        action="store_true",
        help="with --live: give the agent the write tools; each write needs your approval",
    )
    demo.add_argument(
        "--dry-run",
        action="store_true",
        help="give the agent the write tools as dry runs: reads are real, each write reads the "
        "record and says what it would change, nothing is sent to Billbee (try an agent on "
        "--live without risk)",
    )
    demo.add_argument(
        "--interactive",
        action="store_true",
        help="decide about each write at the terminal instead of the scripted decisions",
    )
    order = demo.add_mutually_exclusive_group()
    order.add_argument(
        "--order-number", metavar="NUMBER", help="the shop's order number task 2 marks paid"
    )
    order.add_argument(
        "--order-id", type=int, metavar="ID", help="or its BillBeeOrderId (orders without number)"
    )
    demo.add_argument("--customer", metavar="NAME", help="customer to search for in task 3")
    demo.add_argument("--seed", type=int, default=42, help="sandbox data seed (default 42)")
    commands.add_parser("sandbox", help=SANDBOX_HELP, add_help=False)
    commands.add_parser("mcp", help=MCP_HELP, add_help=False)
    return parser


def _demo(args: argparse.Namespace) -> int:
    try:
        from langchain_billbee.demo import DemoOptions, run_demo
    except ImportError as err:  # the agent runtime is the optional "demo" extra
        if (err.name or "").split(".")[0] not in ("langchain", "langgraph"):
            raise
        print(
            f"error: the demo needs LangChain's agent runtime ({err.name} is missing). "
            'Install it from the clone of this repository with: python -m pip install ".[demo]"',
            file=sys.stderr,
        )
        return 2
    options = DemoOptions(
        model=args.model,
        live=args.live,
        allow_writes=args.allow_writes,
        dry_run=args.dry_run,
        interactive=args.interactive,
        order_number=args.order_number,
        order_id=args.order_id,
        customer=args.customer,
        seed=args.seed,
    )
    return run_demo(options).exit_code


def _mcp(arguments: list[str]) -> int:
    try:
        from langchain_billbee.mcp import main as mcp_main
    except ImportError as err:  # the MCP SDK is the optional "mcp" extra
        if (err.name or "").split(".")[0] not in ("mcp", "uvicorn", "starlette"):
            raise
        print(
            f"error: the MCP server needs the MCP SDK ({err.name} is missing). "
            "Install it with: pip install 'langchain-billbee[mcp]'",
            file=sys.stderr,
        )
        return 2
    return mcp_main(arguments)


def _readable_output() -> None:
    # Shop and customer names carry umlauts; a terminal that cannot show them should get a
    # placeholder, not a UnicodeEncodeError halfway through the demo.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``langchain-billbee`` console script; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    _readable_output()
    if arguments[:1] == ["sandbox"]:
        # The sandbox parses its own options; argparse here would reject them as unknown.
        try:
            from langchain_billbee.sandbox.__main__ import main as sandbox_main
        except ImportError as err:  # its server is the optional "sandbox" extra
            print(f"error: {err}", file=sys.stderr)
            return 2
        return sandbox_main(arguments[1:], prog="langchain-billbee sandbox")
    if arguments[:1] == ["mcp"]:
        return _mcp(arguments[1:])
    args = _parser().parse_args(arguments)
    if args.allow_writes and not args.live:
        print(
            "error: --allow-writes applies to --live only: against the sandbox the agent always "
            "has the write tools. Run `langchain-billbee demo` or "
            "`langchain-billbee demo --live --allow-writes`.",
            file=sys.stderr,
        )
        return 2
    # Importing LangChain's agent runtime and starting the sandbox take a few seconds.
    then = "connecting to your Billbee account" if args.live else "starting the Billbee sandbox"
    print(f"Starting the demo: loading LangChain's agent runtime, then {then}...")
    sys.stdout.flush()
    return _demo(args)


if __name__ == "__main__":
    sys.exit(main())
