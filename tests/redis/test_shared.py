"""One budget across processes and hosts, checked by the sandbox enforcing Billbee's 2/s.

Hosts are simulated by wrappers whose clocks disagree (each then has its own in-process
windows, as separate hosts would) and by real processes. The 2/s rule runs at real speed:
compressing it would shrink the 20 ms margin the spacing keeps for network jitter too. The
sandbox forgives ``JITTER_S`` of the test machine's own scheduling delays (see ``tests.helpers``).
A run with a refusal during a stall of the machine is run again (``judged_on_time``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

from langchain_billbee._client import BillbeeAPIWrapper
from langchain_billbee._errors import BillbeeRateLimitError
from tests.conftest import REPO_ROOT
from tests.helpers import judged_on_time
from tests.redis._server import RedisServer
from tests.redis._support import JITTER_S, most_in_any_window, throttled_sandbox, wrapper

pytestmark = pytest.mark.slow

CALLS_PER_HOST = 4
CALLS_PER_PROCESS = 3


def calls(api: BillbeeAPIWrapper, count: int) -> None:
    for i in range(count):
        api.list_products(page=1 + i % 5, page_size=5)


def skewed_hosts(sandbox: object, url: str | None) -> list[BillbeeAPIWrapper]:
    """Two wrappers of one (API key, user) whose clocks are 0.3 s ahead and 0.3 s behind."""
    return [
        wrapper(sandbox, rate_limit_url=url, clock=lambda skew=skew: time.time() + skew)
        for skew in (0.3, -0.3)
    ]


def test_skewed_hosts_sharing_redis_never_put_three_requests_in_one_second(
    redis_server: RedisServer,
) -> None:
    def scenario() -> tuple[int, list[float]]:
        with throttled_sandbox() as (sandbox, log):
            hosts = skewed_hosts(sandbox, redis_server.url)
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda api: calls(api, CALLS_PER_HOST // 2), hosts * 2))
            return sandbox.stats.throttled, log.admitted

    throttled, admitted = judged_on_time(scenario, refused=lambda run: run[0] > 0)
    assert throttled == 0
    assert len(admitted) == 2 * CALLS_PER_HOST
    assert most_in_any_window(admitted, 1.0 - JITTER_S) == 2


def test_the_same_hosts_without_redis_each_spend_the_whole_budget() -> None:
    """The contrast that shows the sandbox catches what the shared budget prevents."""
    with throttled_sandbox() as (sandbox, _log):
        hosts = skewed_hosts(sandbox, None)
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda api: calls(api, CALLS_PER_HOST), hosts))
        assert sandbox.stats.throttled > 0


def test_a_429_seen_by_one_host_pauses_the_other(redis_server: RedisServer) -> None:
    with throttled_sandbox() as (sandbox, log):
        first, second = skewed_hosts(sandbox, redis_server.url)
        first.max_retries = 0
        sandbox.faults.add("429", path="/products", retry_after=2)
        with pytest.raises(BillbeeRateLimitError):
            first.list_products()
        seen = time.monotonic()
        second.list_products()  # never saw the 429 itself
        assert time.monotonic() - seen >= 1.9
        assert second.stats.rate_limited == 0
        assert len(log.admitted) == 1


def run_together(workers: list[subprocess.Popen[str]]) -> list[str]:
    """Start every worker's calls at once (each said ``ready``); their last output lines."""
    for w in workers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    return [w.communicate(timeout=60)[0].strip().splitlines()[-1] for w in workers]


@dataclass
class ProcessesRun:
    returncodes: list[int | None]
    reports: list[dict[str, Any]]
    throttled: int
    admitted: list[float]


def test_processes_sharing_one_key_through_redis_get_no_429(redis_server: RedisServer) -> None:
    def scenario() -> ProcessesRun:
        with throttled_sandbox() as (sandbox, log):
            env = {
                **os.environ,
                "PYTHONPATH": str(REPO_ROOT),
                "BILLBEE_USERNAME": sandbox.username,
                "BILLBEE_API_PASSWORD": sandbox.api_password,
                "BILLBEE_API_KEY": sandbox.api_key,
                "BILLBEE_BASE_URL": sandbox.base_url,
                "BILLBEE_RATE_LIMIT_URL": redis_server.url,
            }
            command = [sys.executable, "-m", "tests.redis._worker", str(CALLS_PER_PROCESS)]
            workers = [
                subprocess.Popen(
                    command,
                    env=env,
                    cwd=REPO_ROOT,
                    text=True,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
                for _ in range(3)
            ]
            try:
                reports = [json.loads(line) for line in run_together(workers)]
            finally:
                for w in workers:
                    if w.poll() is None:
                        w.kill()
                        w.wait()
            codes = [w.returncode for w in workers]
            return ProcessesRun(codes, reports, sandbox.stats.throttled, log.admitted)

    run = judged_on_time(scenario, refused=lambda run: run.throttled > 0)
    assert run.returncodes == [0, 0, 0]
    assert sum(r["rate_limited"] for r in run.reports) == 0
    assert run.throttled == 0
    assert len(run.admitted) == 3 * CALLS_PER_PROCESS
    assert most_in_any_window(run.admitted, 1.0 - JITTER_S) == 2
