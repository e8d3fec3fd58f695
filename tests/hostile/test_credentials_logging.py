"""The package's own log records (logger ``langchain_billbee``, DEBUG included) hold no
credential, whatever the server answers.

The README's claim is exactly this: other libraries' debug output is theirs (``http.client``
with ``debuglevel`` prints request headers, Basic auth included) and is not checked here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import count

import pytest

from langchain_billbee import BillbeeError
from tests.hostile._servers import Exchange, Serve
from tests.hostile._support import CREDENTIALS, hits, wrapper_for


def _echoing_flaky_server() -> Callable[[Exchange], None]:
    """503 echoing the headers, then a redirect, then an error envelope, then success."""
    calls = count()

    def answer(exchange: Exchange) -> None:
        echo = f"{exchange.request.headers}"
        step = next(calls) % 4
        if step == 0:
            exchange.reply(503, json_body={"Message": echo}, headers={"Retry-After": "0"})
        elif step == 1:
            exchange.reply(302, headers={"Location": f"http://localhost/{echo}"})
        elif step == 2:
            exchange.reply(json_body={"ErrorCode": 1, "ErrorMessage": echo})
        else:
            exchange.reply(json_body=[{"Id": 1, "Name": echo}])

    return answer


def test_debug_logging_of_the_package_shows_no_credential(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(_echoing_flaky_server())
    api = wrapper_for(server, max_retries=1)
    caplog.set_level(logging.DEBUG, logger="langchain_billbee")

    outcomes = []
    for _ in range(6):
        try:
            outcomes.append(len(api.get_order_states()))
        except BillbeeError as err:
            outcomes.append(type(err).__name__)

    own = [r for r in caplog.records if r.name.startswith("langchain_billbee")]
    assert len(own) >= len(server.received)  # every request is logged at DEBUG ...
    assert any(r.levelno == logging.DEBUG for r in own)
    for record in own:  # ... and none of them, rendered, shows a credential
        rendered = logging.Formatter("%(name)s %(message)s %(exc_info)s").format(record)
        assert hits(rendered, CREDENTIALS) == [], rendered
    assert 1 in outcomes and "BillbeeRedirectError" in outcomes
