"""The one sliding window every throttle in langchain-billbee is made of.

"At most ``limit`` admissions per key in any ``period`` seconds" is the rule of the wrapper's
spacing (1 per ``1 / requests_per_second`` + margin), of Billbee's per-order (6 a minute) and
invoice-page (1 a minute) throttles, and of the sandbox's own 2 per second, 6 and 1 a minute.

The counting is ``ratelimit``'s: a key holds ``limit`` ``RateLimitDecorator`` lanes of
``calls=1``, used in turn. Lane ``i`` admits again a full period after its previous admission,
which was ``limit`` admissions ago, so any ``period`` holds at most ``limit`` admissions: a
sliding log. (``ratelimit``'s own ``calls=limit`` window is fixed and lets ``2 × limit``
through across its edge.) Blocking callers of one key are admitted in arrival order
(:meth:`SlidingWindow.turn`), so under contention nobody waits longer than its place in the
queue warrants.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

from ratelimit import RateLimitDecorator, RateLimitException

__all__ = ["MIN_WAIT_S", "Clock", "Sleep", "SlidingWindow", "Turns"]

Clock = Callable[[], float]
Sleep = Callable[[float], None]

MIN_WAIT_S = 1e-6
"""Added to every wait, so a sleep ends just past the window's edge: float residue of window
arithmetic can leave remainders like 1e-16 s, which would otherwise cost a second wait (or, as
a zero sleep, turn the wait loop into a busy spin; on a virtual clock, a hang)."""


class _Lanes:
    """One key's ``limit`` ratelimit windows of one call each, used round-robin."""

    def __init__(self, limit: int, period: float, clock: Clock) -> None:
        self.windows = [
            RateLimitDecorator(calls=1, period=period, clock=clock) for _ in range(limit)
        ]
        self.gates: list[Callable[[], None]] = []
        for window in self.windows:
            # ratelimit opens its first window at construction; an expired one instead makes
            # the first admission open a fresh window wherever it falls.
            window.last_reset = float("-inf")
            self.gates.append(window(lambda: None))
        self.next = 0
        self.last = float("-inf")

    def wait(self, now: float) -> float:
        window = self.windows[self.next]
        return max(float(window.period - (now - window.last_reset)), 0.0)

    def take(self) -> float:
        """0.0 when admitted (the lane just used records when), else the seconds to wait."""
        try:
            self.gates[self.next]()
        except RateLimitException as exc:
            return max(float(exc.period_remaining), 0.0) + MIN_WAIT_S
        self.last = float(self.windows[self.next].last_reset)
        self.next = (self.next + 1) % len(self.windows)
        return 0.0

    def record(self, now: float) -> None:
        self.last = self.windows[self.next].last_reset = now
        self.windows[self.next].num_calls = 1
        self.next = (self.next + 1) % len(self.windows)

    def hold(self, until: float) -> None:
        for window in self.windows:
            window.last_reset = max(window.last_reset, until - window.period)

    def idle(self, now: float) -> bool:
        return all(now - w.last_reset >= w.period for w in self.windows)


class Turns:
    """Arrival-order turns per key: a fair lock, handed from each holder to the next waiter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[Hashable, deque[threading.Event]] = {}

    @contextmanager
    def turn(self, key: Hashable) -> Iterator[None]:
        mine = threading.Event()
        with self._lock:
            queue = self._queues.setdefault(key, deque())
            queue.append(mine)
            if len(queue) == 1:
                mine.set()
        mine.wait()
        try:
            yield
        finally:
            with self._lock:
                queue.popleft()
                if queue:
                    queue[0].set()
                else:
                    del self._queues[key]


class SlidingWindow:
    """At most ``limit`` admissions per key in any ``period`` seconds of ``clock``."""

    def __init__(self, limit: int, period: float, clock: Clock) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a window needs limit >= 1 and period > 0")
        self.limit, self._period, self._clock = limit, period, clock
        self._lock = threading.Lock()
        self._keys: dict[Hashable, _Lanes] = {}
        self._turns = Turns()

    @property
    def period(self) -> float:
        return self._period

    @period.setter
    def period(self, seconds: float) -> None:
        with self._lock:
            self._period = seconds
            for lanes in self._keys.values():
                for window in lanes.windows:
                    window.period = seconds

    def wait(self, key: Hashable) -> float:
        """Seconds until ``key`` may be admitted (0.0: now); takes nothing."""
        with self._lock:
            lanes = self._keys.get(key)
            return 0.0 if lanes is None else lanes.wait(self._clock())

    def take(self, key: Hashable) -> float:
        """Admit ``key`` now and return 0.0, or return the seconds to wait (nothing taken)."""
        with self._lock:
            return self._lanes(key).take()

    def record(self, key: Hashable) -> None:
        """Count an admission of ``key`` now, whether or not the window had room for it.

        For admissions decided elsewhere: by a check of several windows at once (the sandbox
        counts a request in all its windows or in none), or by a shared window in Redis.
        """
        with self._lock:
            self._lanes(key).record(self._clock())

    def hold(self, key: Hashable, seconds: float) -> None:
        """Admit nothing for ``key`` during the next ``seconds`` (a server-imposed cooldown)."""
        with self._lock:
            self._lanes(key).hold(self._clock() + seconds)

    @contextmanager
    def turn(self, key: Hashable) -> Iterator[None]:
        """Exclusive, arrival-ordered right to wait for ``key``'s next admission."""
        with self._turns.turn(key):
            yield

    def acquire(self, key: Hashable, sleep: Sleep) -> float:
        """Block in arrival order until ``key`` is admitted; returns the admission's clock time."""
        with self.turn(key):
            return self.acquire_in_turn(key, sleep)

    def acquire_in_turn(self, key: Hashable, sleep: Sleep) -> float:
        """:meth:`acquire` for a caller already holding ``key``'s turn."""
        while (wait := self.take(key)) > 0:
            sleep(wait)
        with self._lock:
            return self._keys[key].last

    def reset(self) -> None:
        with self._lock:
            self._keys.clear()

    def _lanes(self, key: Hashable) -> _Lanes:
        lanes = self._keys.get(key)
        if lanes is None:
            self._prune()
            lanes = self._keys[key] = _Lanes(self.limit, self._period, self._clock)
        return lanes

    def _prune(self) -> None:
        # Keys are unbounded (every order id, every invoice page), the live ones are not: a key
        # whose every lane has expired says nothing any more.
        now = self._clock()
        for key in [k for k, lanes in self._keys.items() if lanes.idle(now)]:
            del self._keys[key]
