"""An offline Billbee: a real HTTP server on loopback that answers like Billbee's REST API.

Billbee has no test environment, so agents are otherwise tried against a live shop, where a
wrong stock update reaches the marketplaces. The sandbox serves a believable demo shop (three
shops, 260 orders unless ``orders=`` asks for another number, 56 products, 120 customers,
deterministic from a seed) under ``http://127.0.0.1:<port>/api/v1`` with Billbee's paths,
parameters, envelopes, throttles and authentication, and lets tests script faults.

Use it three ways:

- in Python: ``with BillbeeSandbox() as sb:`` then ``sb.api_wrapper()`` or ``sb.base_url`` and
  the credentials;
- from a shell: ``python -m langchain_billbee.sandbox --port 8765`` (or
  ``langchain-billbee sandbox``), which prints ``export BILLBEE_…`` lines to paste;
- in pytest through the ``sandbox`` fixture of this project's ``tests/conftest.py``.

What it simulates: ``GET /orders``, ``GET /orders/{id}``, ``GET /orders/findbyextref/{extRef}``,
``PUT /orders/{id}/orderstate``, ``GET /orders/invoices``, ``GET /customers``,
``GET /customers/{id}``, ``GET /customers/{id}/orders``, ``POST /search``, ``GET /products``,
``GET /products/{id}?lookupBy=id|sku|ean``, ``POST /products/updatestock``,
``POST /products/updatestockmultiple`` and ``GET /enums/orderstates``; Basic + API-key
authentication; the 2-per-second, invoice and per-order throttles; .NET number scale and
zone-less dates. Marking an order paid (state 3) books its open amount as a payment.

What it does NOT simulate:

- any other Billbee endpoint (they answer 404 saying the sandbox does not implement them),
  XML responses (an ``Accept`` header Billbee would answer in XML gets 406), the
  ``/batch`` endpoint, webhooks;
- creating, deleting or patching records; tags, shipments, invoices or documents as writes;
- side effects of a state change beyond ``State``, ``LastModifiedAt``, one History entry and,
  for "paid", the payment (no ``ShippedAt``, no invoice, no e-mails, nothing pushed to shops)
  and of a stock change beyond the product's stock (no stock history, ``Reason`` is dropped);
- Lucene syntax in ``POST /search`` (terms are plain words matched as substrings) and
  ``SearchMode``;
- multiple stock locations, bundles, variants, currencies other than EUR, VAT rules beyond
  19 %/7 % in Germany;
- HTTP keep-alive: each connection answers one request and closes (werkzeug's server), which
  clients handle transparently; a connection must deliver its request within
  ``request_timeout`` seconds;
- the 50/s-per-key and 10/s-per-user limits (implied by the 2/s rule for one user), API usage
  pricing, HTTPS, time zones (dates are naive, as Billbee's are); the 2/s rule, which Billbee
  applies per endpoint, is counted over all endpoints together (stricter, on purpose);
- exact wording of Billbee's error messages and of its History entries, which are not captured
  anywhere; they are close guesses.

Where Billbee's behaviour is not documented, the sandbox picks one reading and says so: query
and body names count only in the spec's spelling (``minimumBillBeeOrderId``, ``Sku``; a miscased
one is ignored, though ASP.NET would bind any case, because the API notes say casing matters and
a strict server would ignore it); a method Billbee does not serve on a path is 405; invalid
input (``pageSize`` outside 1..250, ``NewStateId`` outside 1..17, a missing ``Sku``) is answered
with HTTP 200 and an ``ErrorMessage`` envelope (ErrorCode 11); unknown orders, products and
customers with 404 and an empty body (also an unknown order number for ``findbyextref``,
which Billbee does not document; order numbers match ignoring case); lists come oldest first;
several ``tag`` values match an order having any of them; ``GET /customers/{id}/orders``
returns full orders unless ``customer_orders="spec"`` asks for the reduced model Billbee's spec
declares.
"""

from __future__ import annotations

try:  # the sandbox's own dependencies are the "sandbox" extra, not the core install
    import simplejson  # noqa: F401
    import werkzeug  # noqa: F401
except ImportError as _missing:  # pragma: no cover - exercised in a plain install only
    raise ImportError(
        f"the Billbee sandbox needs {_missing.name}, part of the 'sandbox' extra: "
        'pip install "langchain-billbee[sandbox]" (from a clone: pip install -e ".[sandbox]")',
        name=_missing.name,
    ) from _missing

import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from .context import Credentials, LoggedRequest, SandboxContext, SandboxStats
from .data import ANCHOR, DEFAULT_ORDERS, DEFAULT_PRODUCTS, SHOPS
from .faults import FaultInjector
from .server import API_PREFIX, SandboxServer
from .state import BillbeeBackend
from .throttle import Throttle

if TYPE_CHECKING:
    from langchain_billbee._client import BillbeeAPIWrapper

__all__ = [
    "ANCHOR", "SHOPS", "BillbeeBackend", "BillbeeSandbox", "FaultInjector", "LoggedRequest",
    "SandboxStats",
]  # fmt: skip

DEFAULT_USERNAME = "sandbox@example.com"
DEFAULT_API_PASSWORD = "sandbox-api-password"
DEFAULT_API_KEY = "sandbox-api-key"


class BillbeeSandbox:
    """A Billbee sandbox server; a context manager that starts and stops it.

    Args:
        seed: seed of the demo data; the same seed gives byte-identical responses.
        port: TCP port on 127.0.0.1; 0 picks a free one.
        throttle: enforce Billbee's throttles (429 + Retry-After); tests usually switch it off.
        username, api_password, api_key: the credentials the sandbox accepts.
        anchor: the demo world's "now" (newest orders are just before it).
        clock: monotonic clock of the throttles, in seconds (tests inject a fake one).
        customer_orders: the order model of ``GET /customers/{id}/orders``: "full" (Billbee's
            Order, as the API notes and official SDKs read it) or "spec" (the reduced model
            Billbee's spec declares). Billbee's real answer is not captured anywhere.
        orders: how many orders the shop holds. Extra orders fall into the same months, with
            customers in proportion (about one per 2.2 orders, never fewer than 120); the default
            260 gives the data the project's cassettes, notebooks and demo were made with.
        request_timeout: seconds a connection has to deliver its whole request (line, headers,
            body) before the sandbox closes it, so idle or trickling clients hold no thread.
        products: how many products: the 56 of the catalogue plus sample packs (SKUs
            ``KR-P0001`` …) that no order contains, e.g. for a stock-take of 200 SKUs.
    """

    def __init__(
        self, seed: int = 42, *, port: int = 0, throttle: bool = True,
        username: str = DEFAULT_USERNAME, api_password: str = DEFAULT_API_PASSWORD,
        api_key: str = DEFAULT_API_KEY, anchor: datetime = ANCHOR, host: str = "127.0.0.1",
        clock: Callable[[], float] = time.monotonic,
        customer_orders: Literal["full", "spec"] = "full", orders: int = DEFAULT_ORDERS,
        products: int = DEFAULT_PRODUCTS, request_timeout: float = 10.0,
    ) -> None:  # fmt: skip
        self.seed, self.host, self._port = seed, host, port
        self.request_timeout = request_timeout
        self.username, self.api_password, self.api_key = username, api_password, api_key
        self._context = SandboxContext(
            backend=BillbeeBackend(
                seed,
                anchor=anchor,
                customer_orders=customer_orders,
                orders=orders,
                products=products,
            ),
            credentials=Credentials(username, api_password, api_key),
            throttle=Throttle(enabled=throttle, clock=clock),
        )
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> BillbeeSandbox:
        """Bind the port and serve on a background thread (data is generated on first use)."""
        if self._server is not None:
            return self
        self._context.stopping.clear()
        # Bound here, not by werkzeug (which would print and exit on a busy port): a taken port
        # is the caller's OSError (EADDRINUSE).
        listener = socket.create_server((self.host, self._port))
        try:
            self._server = SandboxServer(
                listener, self._context, request_timeout=self.request_timeout
            )
        finally:
            listener.close()  # the server holds its own duplicate of the socket
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"billbee-sandbox-{self.port}", daemon=True,
        )  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close every open connection and release the port; sleeping "slow"
        faults are woken up and answer nothing."""
        if self._server is None:
            return
        self._context.stopping.set()
        self._context.in_flight.interrupt()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> BillbeeSandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self.stop()

    def reset(self) -> None:
        """Fresh demo data for the same seed, no faults, empty throttle windows, zero stats.

        Requests still in flight (a "slow" fault sleeping) end first, with no answer and no
        change, so nothing begun before the reset shows in the data after it."""
        self._context.reset()

    # -- addresses and parts --------------------------------------------------------------------
    @property
    def port(self) -> int:
        """The bound port (after :meth:`start`), else the requested one."""
        return self._server.server_address[1] if self._server else self._port

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:8765`` (admin routes live below ``/_sandbox``)."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running; call start() or use it in a with block")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Billbee's base URL on the sandbox, e.g. ``http://127.0.0.1:8765/api/v1``."""
        return self.url + API_PREFIX

    @property
    def state(self) -> BillbeeBackend:
        """The backend (moto-style state) behind the HTTP layer."""
        return self._context.backend

    @property
    def faults(self) -> FaultInjector:
        """Scripted faults: ``sb.faults.add("503", path="/orders", count=2)``."""
        return self._context.faults

    @property
    def stats(self) -> SandboxStats:
        """Counters: requests, throttled, faults_served, unauthorized, not_implemented."""
        return self._context.stats

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every ``/api/v1`` request since start or :meth:`reset` (method, path below
        ``/api/v1``, query, body), in arrival order: what a client really sent."""
        return self._context.requests.entries()

    @property
    def throttle(self) -> Throttle:
        """The throttles; ``sb.throttle.enabled = False`` switches them off while running."""
        return self._context.throttle

    def api_wrapper(self, **overrides: Any) -> BillbeeAPIWrapper:
        """A :class:`~langchain_billbee.BillbeeAPIWrapper` pointed at this sandbox."""
        from langchain_billbee._client import BillbeeAPIWrapper

        settings: dict[str, Any] = {
            "username": self.username, "api_password": self.api_password,
            "api_key": self.api_key, "base_url": self.base_url,
        }  # fmt: skip
        settings.update(overrides)
        return BillbeeAPIWrapper(**settings)

    def __repr__(self) -> str:
        where = self.base_url if self._server else "not running"
        return f"BillbeeSandbox(seed={self.seed}, {where})"
