"""One write to a record at a time, its retries included, so retries never reorder writes.

Without it, a write of 10 waiting out a ``Retry-After`` lets a later write of 20 land first;
the retry then sets 10, the stale value wins and Billbee pushes it to every marketplace.
Holding a record's turn from the first attempt to the last makes the writes to one record land
in the order they started. The turns are process-wide per account, like the limiter, because
every wrapper using the same credentials writes to the same shop.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager

from langchain_billbee._deadline import CallScope

__all__ = ["record_keys", "write_turn"]

_lock = threading.Lock()
_turns: dict[Hashable, tuple[threading.Lock, int]] = {}


def record_keys(path: str, body: object) -> list[str]:
    """The records a write addresses, in a fixed order.

    A stock write names its product by ``Sku`` in the body (one object, or a list of them for
    a batch); other writes address their record by path (``/orders/{id}/orderstate``).
    """
    items = body if isinstance(body, Sequence) and not isinstance(body, (str, bytes)) else [body]
    skus = {str(i["Sku"]) for i in items if isinstance(i, Mapping) and i.get("Sku") is not None}
    return sorted(f"sku:{sku}" for sku in skus) or [f"path:{path}"]


@contextmanager
def write_turn(account: str, keys: Sequence[str], call: CallScope) -> Iterator[None]:
    """Hold the turn of every record in ``keys`` (sorted, so two batches cannot deadlock)."""
    digest = hashlib.sha256(account.encode()).hexdigest()
    with ExitStack() as stack:
        for key in keys:
            lock = stack.enter_context(_counted((digest, key)))
            call.acquire(lock, f"the turn to write {key.split(':', 1)[1]}")
            stack.callback(lock.release)
        yield


@contextmanager
def _counted(key: Hashable) -> Iterator[threading.Lock]:
    # Counted, so the lock of a record nobody is writing is dropped: records are unbounded.
    with _lock:
        lock, users = _turns.get(key, (threading.Lock(), 0))
        _turns[key] = (lock, users + 1)
    try:
        yield lock
    finally:
        with _lock:
            users = _turns[key][1] - 1
            if users:
                _turns[key] = (lock, users)
            else:
                del _turns[key]
