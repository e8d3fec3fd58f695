"""``langchain-billbee mcp``: the command line that configures and runs the MCP server.

stdout belongs to the stdio protocol, so everything else — logs, the HTTP address, errors —
goes to stderr, and a stray ``print`` anywhere in the process lands there too.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import TextIOWrapper
from typing import TYPE_CHECKING, Any

import anyio
from mcp.server.stdio import stdio_server

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeConfigurationError
from langchain_billbee.mcp._confirm import WriteMode
from langchain_billbee.mcp._http import ENDPOINT, build_app, is_loopback, open_socket, serve_http
from langchain_billbee.mcp._results import MAX_RESULT_BYTES
from langchain_billbee.mcp._server import BillbeeMCPServer, ServerOptions
from langchain_billbee.toolkit import BillbeeToolkit

if TYPE_CHECKING:
    from starlette.types import ASGIApp

__all__ = ["main", "open_http", "serve_http_on", "serve_stdio"]

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
TOKEN_VARIABLE = "BILLBEE_MCP_TOKEN"
HTTP_ONLY = ("host", "port", "token", "allow_origin")
MIN_RESULT_BYTES = 4_000  # room for any error message (MAX_ERROR_BYTES) and a useful result


class UsageError(Exception):
    """A problem with the options or the environment; its text says what to change."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="langchain-billbee mcp",
        description="Serve the Billbee tools to MCP clients (Claude Desktop, Cursor, VS Code, "
        "langchain-mcp-adapters). Read-only unless --allow-writes.",
    )
    p.add_argument(
        "--transport",
        choices=("stdio", "http"),
        default="stdio",
        help="stdio (default; the client starts the server) or streamable HTTP",
    )
    p.add_argument(
        "--host",
        help=f"HTTP: address to bind (default {DEFAULT_HOST}); any "
        "non-loopback address needs a token",
    )
    p.add_argument("--port", type=int, help=f"HTTP: port (default {DEFAULT_PORT}; 0 = any free)")
    p.add_argument(
        "--token", help=f"HTTP: bearer token every request must carry (default: ${TOKEN_VARIABLE})"
    )
    p.add_argument(
        "--allow-origin",
        action="append",
        metavar="ORIGIN",
        help="HTTP: a browser origin to accept besides loopback ones (repeatable)",
    )
    p.add_argument(
        "--allow-writes",
        nargs="?",
        const="confirm",
        choices=("confirm", "unconfirmed"),
        help="offer the write tools; each is confirmed by you through the client "
        "(=unconfirmed: also with clients that cannot ask; no confirmation)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="writes are checked and reported, never sent to Billbee",
    )
    p.add_argument(
        "--sandbox",
        action="store_true",
        help="serve an offline demo shop started in this process (no account needed)",
    )
    p.add_argument(
        "--text-only",
        action="store_true",
        help="no structuredContent: for clients that show the model the records "
        "instead of the compact text",
    )
    p.add_argument(
        "--max-result-bytes",
        type=int,
        default=MAX_RESULT_BYTES,
        metavar="N",
        help=f"bound on one tool result, text plus records, in UTF-8 bytes (default "
        f"{MAX_RESULT_BYTES:,}; at least one byte per token)",
    )
    p.add_argument(
        "--log-level",
        default="WARNING",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="stderr log level",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until the client disconnects (stdio) or a signal (HTTP)."""
    args = parser().parse_args(argv)
    _log_to_stderr(args.log_level)
    try:
        _check(args)
        with _api(args.sandbox) as api:
            options = _options(args)
            server = BillbeeMCPServer(_toolkit(api, options), options)
            if args.transport == "stdio":
                anyio.run(serve_stdio, server)
            else:
                serve_http_on(server, args.host, args.port, args.token, args.allow_origin or ())
    except UsageError as err:
        print(f"langchain-billbee mcp: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


def _check(args: argparse.Namespace) -> None:
    if args.transport == "stdio":
        given = [f"--{n.replace('_', '-')}" for n in HTTP_ONLY if getattr(args, n) is not None]
        if given:
            raise UsageError(f"{', '.join(given)} apply to --transport http only")
        return
    args.host = args.host or DEFAULT_HOST
    args.port = DEFAULT_PORT if args.port is None else args.port
    args.token = args.token or os.environ.get(TOKEN_VARIABLE) or None
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0..65535, not {args.port}")
    if not is_loopback(args.host) and args.token is None:
        raise UsageError(
            f"--host {args.host} makes the server reachable from the network, where anyone "
            f"could call the tools with your Billbee account: set a token (--token or "
            f"${TOKEN_VARIABLE}), or bind 127.0.0.1"
        )
    if args.max_result_bytes < MIN_RESULT_BYTES:
        raise UsageError(f"--max-result-bytes must be at least {MIN_RESULT_BYTES:,}")


def _options(args: argparse.Namespace) -> ServerOptions:
    writes: WriteMode = args.allow_writes or "off"
    return ServerOptions(
        writes=writes,
        dry_run=args.dry_run,
        max_result_bytes=args.max_result_bytes,
        text_only=args.text_only,
    )


@contextmanager
def _api(sandbox: bool) -> Iterator[BillbeeAPIWrapper]:
    if not sandbox:
        try:
            api = BillbeeAPIWrapper()
        except BillbeeConfigurationError as err:
            raise UsageError(f"{err} (or try the offline shop with --sandbox)") from None
        with _closing(api):
            yield api
        return
    from langchain_billbee.sandbox import BillbeeSandbox

    with BillbeeSandbox() as shop, _closing(shop.api_wrapper()) as api:
        logging.getLogger("langchain_billbee.mcp").info("sandbox at %s", shop.base_url)
        yield api


@contextmanager
def _closing(api: BillbeeAPIWrapper) -> Iterator[BillbeeAPIWrapper]:
    try:
        yield api
    finally:
        api.close()


def _toolkit(api: BillbeeAPIWrapper, options: ServerOptions) -> BillbeeToolkit:
    settings: dict[str, Any] = {
        "api_wrapper": api,
        "read_only": options.writes == "off" and not options.dry_run,
    }
    if options.dry_run:
        if "dry_run" not in BillbeeToolkit.model_fields:
            raise UsageError("--dry-run needs the toolkit's dry run, which this version lacks")
        settings["dry_run"] = True
    return BillbeeToolkit(**settings)


async def serve_stdio(server: BillbeeMCPServer) -> None:
    """Serve one client on this process's stdin/stdout until it disconnects."""
    protocol = anyio.wrap_file(TextIOWrapper(sys.stdout.buffer, encoding="utf-8"))
    sys.stdout = sys.stderr  # from here on, only the protocol writes to the real stdout
    async with stdio_server(stdout=protocol) as (read_stream, write_stream):
        options = server.server.create_initialization_options()
        await server.server.run(read_stream, write_stream, options)


def serve_http_on(
    server: BillbeeMCPServer, host: str, port: int, token: str | None, origins: Sequence[str]
) -> None:
    """Serve streamable HTTP until SIGINT/SIGTERM, announcing the endpoint on stderr."""
    anyio.run(serve_http, *open_http(server, host, port, token, origins))


def open_http(
    server: BillbeeMCPServer, host: str, port: int, token: str | None, origins: Sequence[str]
) -> tuple[ASGIApp, socket.socket]:
    """The guarded app for ``server`` and its listening socket, the endpoint announced on
    stderr (``MCP endpoint: <url>``, the line clients wait for)."""
    try:
        sock = open_socket(host, port)
    except OSError as err:
        raise UsageError(
            f"cannot listen on {host}:{port} ({err.strerror or err}); pick another with --port"
        ) from None
    port = sock.getsockname()[1]
    loopback = is_loopback(host)
    app = build_app(server.server, token=token, loopback=loopback, allowed_origins=origins)
    host = f"[{host}]" if ":" in host else host
    print(f"MCP endpoint: http://{host}:{port}{ENDPOINT}", file=sys.stderr, flush=True)
    return app, sock


def _log_to_stderr(level: str) -> None:
    logging.basicConfig(
        stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # The SDK logs every request at INFO; keep that for DEBUG.
    logging.getLogger("mcp").setLevel(level if level == "DEBUG" else "WARNING")
