"""Fixtures shared by every test tier.

Sockets: pyproject's ``--allow-hosts`` lets tests reach loopback only (the sandbox);
``tests/unit`` blocks sockets entirely in its own conftest.

Throttle budgets are process-wide by design and keyed by the credentials, which every sandbox
test shares: without a fresh registry per test, one test's reads of an order count against the
next test's (Billbee's six reads per order and minute), and a test waits out a window it never
filled.

Under pytest-xdist (the README's ``-n 4``) every test is a unit of work of its own, except the
``ONE_WORKER`` units below; long units start first, tests that wait out timeouts (``waits``)
are spread over the run, and the background commands' readers go last.
"""

from __future__ import annotations

import bisect
import gc
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee._throttle import reset_registry
from langchain_billbee.sandbox import BillbeeSandbox
from tests._background import Background

REPO_ROOT = Path(__file__).resolve().parent.parent
# Billbee's published spec lives beside the repository, not in it.
SWAGGER = Path(
    os.environ.get("BILLBEE_SWAGGER")
    or REPO_ROOT.parent / "shared" / "billbee" / "billbee-swagger.yaml"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
"""A CI run (``CI=true``), which always starts from a clean checkout."""
COMMANDS = {
    name: Background(name, argv, REPO_ROOT)
    for name, argv in {
        # The README's bench command with --quick; the bench and README tests read its table.
        "quick_bench": [sys.executable, "-m", "benchmarks", "--quick"],
        # In CI a cache would be written for no one to read (writing it is 2.5 s of the cold
        # run); a developer's checkout keeps its cache, and a second run takes under a second.
        "mypy_run": [sys.executable, "-m", "mypy", *(["--cache-dir=/dev/null"] if IN_CI else [])],
    }.items()
}
"""Fixture name -> the command whose result that session fixture gives (``tests/_background``)."""


def load_yaml(text: str) -> Any:
    """``text`` parsed by PyYAML's safe loader: libyaml's when PyYAML has it, the same safe
    loading in a seventh of the time."""
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the spec and cassettes")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_billbee_spec() -> dict[str, Any]:
    """The parsed spec, or a skip naming where it was looked for."""
    if not SWAGGER.exists():
        pytest.skip(f"Billbee's Swagger spec not found at {SWAGGER} (set BILLBEE_SWAGGER)")
    loaded: dict[str, Any] = load_yaml(SWAGGER.read_text(encoding="utf-8"))
    return loaded


def pytest_configure(config: pytest.Config) -> None:
    # Collection builds the syntax trees of the asserts pytest rewrites: millions of young
    # objects over a heap of imported libraries, where the default thresholds walk that heap in
    # full collections again and again (3 s of each worker's 13 s). Collections stay, rarer.
    gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    # What collection built lives until the end; later collections need not walk it again.
    gc.freeze()


@pytest.fixture(autouse=True)
def _fresh_budgets() -> Iterator[None]:
    reset_registry()
    yield
    reset_registry()


@pytest.fixture(scope="session")
def _sandbox_server() -> Iterator[BillbeeSandbox]:
    # Throttling off: tests about throttles start their own sandbox with throttle=True.
    with BillbeeSandbox(throttle=False) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(_sandbox_server: BillbeeSandbox) -> Iterator[BillbeeSandbox]:
    """A running sandbox with fresh demo data and no pending faults."""
    _sandbox_server.reset()
    yield _sandbox_server
    _sandbox_server.reset()


@pytest.fixture(scope="session")
def quick_bench(pytestconfig: pytest.Config) -> subprocess.CompletedProcess[str]:
    """One ``python -m benchmarks --quick`` run (the README's command with --quick), shared by
    the tests that read its table, so the benchmarks run once per session, beside the tests."""
    return COMMANDS["quick_bench"].result(_shared_dir(pytestconfig), timeout=300)


@pytest.fixture(scope="session")
def mypy_run(pytestconfig: pytest.Config) -> subprocess.CompletedProcess[str]:
    """``mypy`` with the project's settings, run beside the tests."""
    return COMMANDS["mypy_run"].result(_shared_dir(pytestconfig), timeout=300)


def _xdist_worker(config: pytest.Config) -> str | None:
    """This process's xdist worker id (``gw0`` …), None when pytest runs in one process."""
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    return None if workerinput is None else str(workerinput["workerid"])


def _shared_dir(config: pytest.Config) -> Path:
    """Where the commands' output goes: under xdist, in the run's base temporary directory,
    which the workers share (each one's ``--basetemp`` is a folder of it) and pytest cleans up;
    in one process, a directory of its own, removed at the end of the session."""
    if _xdist_worker(config) is not None and config.option.basetemp:
        return Path(config.option.basetemp).parent / "background-commands"
    if _OWN_BASE not in config.stash:
        config.stash[_OWN_BASE] = Path(tempfile.mkdtemp())
    return config.stash[_OWN_BASE]


_OWN_BASE = pytest.StashKey[Path]()


def _readers(item: pytest.Item) -> set[str]:
    return set(getattr(item, "fixturenames", ())) & COMMANDS.keys()  # notebooks have none


@pytest.hookimpl(trylast=True)  # after -k/-m deselection: only what will run is started
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the background commands the selected tests read, and order the tests: readers last,
    and under xdist the long units first, so they begin on idle workers and the many short
    tests fill the gaps (``--no-loadscope-reorder`` keeps this order)."""
    readers = {item: _readers(item) for item in items}
    worker = _xdist_worker(config)
    if worker in (None, "gw0"):  # every worker collects; one starts them
        shared = _shared_dir(config)
        shared.mkdir(parents=True, exist_ok=True)
        for name in sorted(set().union(*readers.values())):
            COMMANDS[name].start(shared)
    if worker is None:
        items.sort(key=lambda item: bool(readers[item]))  # stable: the rest keep their order
    else:
        items.sort(key=lambda item: (bool(readers[item]), not _long(item)))
        items[:] = _spread_waiting(items, lambda item: not readers[item] and not _long(item))


def _spread_waiting(
    items: list[pytest.Item], short: Callable[[pytest.Item], bool]
) -> list[pytest.Item]:
    """``items`` with the short tests marked ``waits`` spread evenly over the first three
    quarters of the other short ones, never inside a module whose tests share a module fixture
    (it would be set up again after the interruption).

    In file order, the slow-fault cases of one module ran on all four workers at once: each
    waits out a timeout, and the cores idled for seconds. Spread out, a waiting test shares the
    machine with tests that use it."""
    waiting = [item for item in items if short(item) and item.get_closest_marker("waits")]
    if not waiting:
        return items
    chosen = set(waiting)
    rest = [item for item in items if item not in chosen]
    shorts = [i for i, item in enumerate(rest) if short(item)]
    # Not in the last quarter: there a wait would leave its worker finishing alone.
    end = shorts[len(shorts) * 3 // 4]
    free = [
        i
        for i in shorts[1:]
        if i <= end and (rest[i].path != rest[i - 1].path or not _module_scoped(rest[i]))
    ] or shorts[:1]
    step = (end - shorts[0]) / len(waiting)
    slots: dict[int, list[pytest.Item]] = {}
    for n, item in enumerate(waiting):
        at = bisect.bisect_left(free, shorts[0] + n * step)
        while at < len(free) - 1 and free[at] in slots:  # one wait per gap while gaps remain
            at += 1
        slots.setdefault(free[min(at, len(free) - 1)], []).append(item)
    spread: list[pytest.Item] = []
    for i, item in enumerate(rest):
        spread.extend(slots.get(i, ()))
        spread.append(item)
    return spread


def _module_scoped(item: pytest.Item) -> bool:
    """Whether ``item`` uses a module-scoped fixture."""
    info = getattr(item, "_fixtureinfo", None)  # pytest keeps it private, but it is stable
    definitions = info.name2fixturedefs.values() if info is not None else ()
    return any(defs and defs[-1].scope == "module" for defs in definitions)


def _long(item: pytest.Item) -> bool:
    """A test, or a unit of tests on one worker, that takes seconds."""
    return (
        item.path.suffix == ".ipynb"
        or item.get_closest_marker("slow") is not None
        or _unit(item.nodeid) != item.nodeid
    )


ONE_WORKER = {
    # One session's MCP servers take seconds to start: once, not once per worker.
    "tests/mcp/": "mcp",
    # Timing-sensitive (real throttles, 429s counted): one at a time.
    "tests/reliability/test_soak.py": "realtime",
    "tests/redis/test_shared.py": "realtime",
    # Their module fixtures (a demo run, schemathesis' operations, two shops, an sdist) run once.
    "tests/sandbox/test_demo.py": "demo",
    "tests/sandbox/test_spec_properties.py": "spec-properties",
    "tests/accounts/test_accounts.py": "accounts",
    "tests/test_packaging.py": "sdist",
}
"""Node-id prefix -> the unit its tests form under xdist: a unit runs on one worker."""


def _unit(nodeid: str) -> str:
    return next((unit for prefix, unit in ONE_WORKER.items() if nodeid.startswith(prefix)), nodeid)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist it is never called
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's scope scheduling with ``ONE_WORKER``'s units as scopes, every other test a unit
    of its own. (xdist's ``xdist_group`` mark would do this, but it rewrites ``item._nodeid``,
    which pytest 9.2 no longer reads.)"""
    from xdist.scheduler import LoadScopeScheduling

    class _Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    return _Units(config, log)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A reader on another worker may still wait for a command this worker started.
    others_may_read = _xdist_worker(session.config) is not None
    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
    for command in COMMANDS.values():
        command.stop(wait=300 if others_may_read and not interrupted else 0)
    own = session.config.stash.get(_OWN_BASE, None)
    if own is not None:
        shutil.rmtree(own, ignore_errors=True)
