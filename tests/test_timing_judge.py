"""The timing tests' judge (``tests.helpers.judged_on_time``) repeats only what a stall spoiled.

A stall is made for real: ``sum`` over a long range runs in C and holds the interpreter lock,
so the watch's thread cannot wake until it returns, as in a process the machine starved.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.helpers import STALL_S, MachineStalled, StallWatch, judged_on_time, wait_until_settled


def stall() -> float:
    """Hold the interpreter lock for a few tenths of a second; how long it was held."""
    started = time.monotonic()
    sum(range(10_000_000))  # about 0.3 s here: over twice STALL_S
    return time.monotonic() - started


def test_the_watch_sees_a_stall_as_long_as_it_lasted() -> None:
    with StallWatch() as watch:
        time.sleep(0.02)  # the watch's thread is asleep when the stall begins
        held = stall()
    assert held > STALL_S
    assert watch.worst >= held - 0.01


def test_a_refusal_while_time_was_kept_is_returned_for_the_test_to_fail_on() -> None:
    runs: list[int] = []

    def scenario() -> int:
        runs.append(1)
        return 1  # one request refused

    assert judged_on_time(scenario, refused=lambda throttled: throttled > 0, settle=0.0) == 1
    assert len(runs) == 1


def test_a_refusal_during_a_stall_is_run_again() -> None:
    runs: list[int] = []

    def scenario() -> int:
        runs.append(1)
        if len(runs) == 1:
            time.sleep(0.02)
            stall()
            return 1
        return 0

    with pytest.warns(MachineStalled, match="refused while the machine stalled"):
        assert judged_on_time(scenario, refused=lambda throttled: throttled > 0, settle=0.0) == 0
    assert len(runs) == 2


def test_a_refusal_in_every_stalled_run_fails_the_test() -> None:
    def scenario() -> int:
        time.sleep(0.02)
        stall()
        return 1

    with (
        pytest.warns(MachineStalled),
        pytest.raises(pytest.fail.Exception, match="refused in each of 2 runs"),
    ):
        judged_on_time(scenario, refused=lambda throttled: throttled > 0, attempts=2, settle=0.0)


def test_a_scenario_starts_only_after_the_machine_kept_time_for_a_while() -> None:
    ended: list[float] = []

    def stall_soon() -> None:
        time.sleep(0.2)
        stall()
        ended.append(time.monotonic())

    staller = threading.Thread(target=stall_soon)
    staller.start()
    wait_until_settled(quiet=0.5, limit=10.0)
    settled = time.monotonic()
    staller.join()
    assert settled - ended[0] >= 0.5 - 0.01  # a quiet half second after the stall, not before
