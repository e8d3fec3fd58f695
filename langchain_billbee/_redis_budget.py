"""A pair's budget shared by every process and host through Redis (``rate_limit_url``).

Each window is a short Lua script on ``redis-py`` that *reserves* the next admission: it reads
Redis's own clock (``TIME``), finds the earliest moment the window admits one more (after the
newest reservation, after the ``limit``-th newest plus the period, after any cooldown), stores
it, and answers how long to wait. So the arithmetic happens on one clock whatever the clients'
clocks say, reservations are granted in the order they reach Redis (fair across processes), and
a caller only sleeps a duration. pyrate-limiter's Redis bucket and limits' moving window both
stamp entries with the client's clock (see the README for the longer note), so neither holds
across hosts whose clocks differ.

Keys (``<d>`` is the SHA-256 digest of API key and user, never the credentials; the braces are a
Redis Cluster hash tag keeping a pair's keys on one node):

- ``langchain-billbee:{<d>}:pace``: the newest reservation of the pair's 2/s spacing;
- ``langchain-billbee:{<d>}:order:<order id>``: the 6 newest fetches of one order;
- ``langchain-billbee:{<d>}:invoices:<page>:<minInvoiceDate>``: the newest invoice list;
- ``<any of these>:hold``: a cooldown end, set from a 429's ``Retry-After``.

Values are microseconds of Redis time; every key expires once it no longer matters (its period,
or the cooldown, plus a second).

When Redis cannot be reached (not running, gone mid-run, slow past the socket timeout) the budget
logs one warning, uses the in-process windows instead (never no limit at all) and tries Redis
again a few seconds later; it logs when Redis answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Hashable
from urllib.parse import urlsplit

from langchain_billbee._throttle import Kind, LocalBudget, pair_digest
from langchain_billbee._window import MIN_WAIT_S, Sleep

__all__ = [
    "KEY_PREFIX",
    "RETRY_REDIS_AFTER_S",
    "SOCKET_TIMEOUT_S",
    "RedisBudget",
    "forget_links",
    "redis_budget",
]

logger = logging.getLogger("langchain_billbee")

KEY_PREFIX = "langchain-billbee"
SOCKET_TIMEOUT_S = 0.5
"""A Redis that does not answer within this is treated as away (redis-py waits 5 s by default,
and retries three times, which would stall a tool call for 20 s)."""
RETRY_REDIS_AFTER_S = 2.0
"""While Redis is away, how long the in-process windows serve before Redis is tried again."""

_NOW = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
"""

# The earliest admission at or after `now`: after the cooldown, after the newest reservation
# (reservations stay in arrival order) and a period after the `limit`-th newest.
_EARLIEST = """
local limit, period = tonumber(ARGV[1]), tonumber(ARGV[2])
local at = math.max(now, tonumber(redis.call('GET', KEYS[2]) or 0))
local newest = redis.call('LINDEX', KEYS[1], 0)
if newest then at = math.max(at, tonumber(newest)) end
local nth = redis.call('LINDEX', KEYS[1], limit - 1)
if nth then at = math.max(at, tonumber(nth) + period) end
"""

RESERVE = (
    _NOW
    + _EARLIEST
    + """
redis.call('LPUSH', KEYS[1], string.format('%.0f', at))
redis.call('LTRIM', KEYS[1], 0, limit - 1)
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.ceil((at - now + period) / 1000) + 1000))
return {at - now, at}
"""
)
PEEK = _NOW + _EARLIEST + "return {at - now, at}\n"
HOLD = (
    _NOW
    + """
local hold_for = tonumber(ARGV[1])
local until_ = now + hold_for
if until_ > tonumber(redis.call('GET', KEYS[1]) or 0) then
    redis.call('SET', KEYS[1], string.format('%.0f', until_),
               'PX', string.format('%d', math.ceil(hold_for / 1000) + 1000))
end
return {0, 0}
"""
)
# Whether a cooldown set after the reservation at ARGV[1] ends later than it: then its rest.
HELD = (
    _NOW
    + """
local hold = tonumber(redis.call('GET', KEYS[1]) or 0)
if hold > tonumber(ARGV[1]) then return {hold - now, hold} end
return {0, 0}
"""
)


class _Link:
    """One Redis URL's client and whether it is answering, shared by every budget using it."""

    def __init__(self, url: str) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.where = _display(url)
        self.client = redis.Redis.from_url(
            url,
            socket_timeout=SOCKET_TIMEOUT_S,
            socket_connect_timeout=SOCKET_TIMEOUT_S,
            retry=Retry(NoBackoff(), 0),
            client_name="langchain-billbee",
        )
        self.errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self.scripts = {
            name: self.client.register_script(text)
            for name, text in (("reserve", RESERVE), ("peek", PEEK), ("hold", HOLD), ("held", HELD))
        }
        self._lock = threading.Lock()
        self._away_until: float | None = None

    def run(self, script: str, keys: list[str], args: list[int]) -> tuple[int, int] | None:
        """The script's answer (a wait and a moment, in µs), or None while Redis is away."""
        with self._lock:
            if self._away_until is not None and time.monotonic() < self._away_until:
                return None
        try:
            wait, at = self.scripts[script](keys=keys, args=args)
            answer = int(wait), int(at)
        except self.errors as exc:
            self._went_away(exc)
            return None
        self._answered()
        return answer

    def _went_away(self, exc: BaseException) -> None:
        with self._lock:
            first = self._away_until is None
            self._away_until = time.monotonic() + RETRY_REDIS_AFTER_S
        if first:
            logger.warning(
                "Redis at %s is not answering (%s): Billbee's rate limits fall back to this "
                "process alone until it does; other processes with the same credentials may "
                "then provoke HTTP 429, which is retried",
                self.where,
                type(exc).__name__,
            )

    def _answered(self) -> None:
        with self._lock:
            was_away, self._away_until = self._away_until is not None, None
        if was_away:
            logger.warning("Redis at %s answers again: rate limits are shared again", self.where)


def _display(url: str) -> str:
    """Host and port (or socket path) of a Redis URL, without user or password."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"unix://{parts.path}"
    return f"{parts.scheme}://{parts.hostname or 'localhost'}:{parts.port or 6379}"


def _key_part(value: Hashable) -> str:
    if isinstance(value, tuple):
        return ":".join(_key_part(v) for v in value)
    return "-" if value is None else str(value)


class RedisBudget:
    """A pair's windows in Redis, with the in-process ones as the fallback and the queue."""

    def __init__(self, link: _Link, digest: str, local: LocalBudget) -> None:
        self._link, self._local = link, local
        self._prefix = f"{KEY_PREFIX}:{{{digest}}}"

    @property
    def pace_period(self) -> float:
        return self._local.pace_period

    def allow(self, requests_per_second: float) -> None:
        self._local.allow(requests_per_second)

    def key(self, kind: Kind, key: Hashable) -> str:
        """The Redis key of ``kind``'s window for ``key`` (documented for operators)."""
        name = f"{self._prefix}:{kind}"
        return name if key is None else f"{name}:{_key_part(key)}"

    def acquire(self, kind: Kind, key: Hashable, sleep: Sleep) -> None:
        window = self._local.windows[kind]
        # This process's callers queue in arrival order; only the head holds a reservation.
        with window.turn(key):
            # What this process sent itself counts first: a Redis that was away (or restarted
            # empty) has not seen the requests the in-process windows admitted meanwhile.
            while (own := window.wait(key)) > 0:
                sleep(own + MIN_WAIT_S)
            if self._reserve(kind, key, sleep):
                window.record(key)  # the in-process windows stay current for a fallback
            else:
                window.acquire_in_turn(key, sleep)

    def _reserve(self, kind: Kind, key: Hashable, sleep: Sleep) -> bool:
        """Reserve in Redis and sleep until then; False if Redis was away when asked."""
        names, spec = self._names(kind, key), self._spec(kind)
        while True:
            reserved = self._link.run("reserve", names, spec)
            if reserved is None:
                return False
            wait, at = reserved
            if wait <= 0:
                return True
            sleep(wait / 1e6)
            # A 429 seen elsewhere while this caller slept: the cooldown wins over its slot.
            held = self._link.run("held", names[1:], [at])
            if held is None or held[0] <= 0:
                return True
            sleep(held[0] / 1e6)

    def wait(self, kind: Kind, key: Hashable) -> float:
        peeked = self._link.run("peek", self._names(kind, key), self._spec(kind))
        return self._local.wait(kind, key) if peeked is None else peeked[0] / 1e6

    def hold(self, kind: Kind, key: Hashable, seconds: float) -> None:
        self._local.hold(kind, key, seconds)
        self._link.run("hold", [self._names(kind, key)[1]], [round(seconds * 1e6)])

    def _names(self, kind: Kind, key: Hashable) -> list[str]:
        name = self.key(kind, key)
        return [name, f"{name}:hold"]

    def _spec(self, kind: Kind) -> list[int]:
        window = self._local.windows[kind]
        return [window.limit, round(window.period * 1e6)]


_links_lock = threading.Lock()
_links: dict[str, _Link] = {}


def redis_budget(url: str, api_key: str, username: str, local: LocalBudget) -> RedisBudget:
    """The pair's budget on the Redis at ``url``; one client per URL in the process."""
    with _links_lock:
        link = _links.get(url)
        if link is None:
            link = _links[url] = _Link(url)
    return RedisBudget(link, pair_digest(api_key, username), local)


def forget_links() -> None:
    """Close and forget every Redis client (tests; a long-lived process never needs it)."""
    with _links_lock:
        links = list(_links.values())
        _links.clear()
    for link in links:
        link.client.close()
