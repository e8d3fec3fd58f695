"""Every ``Retry-After`` has a defined meaning, and none reaches ``time.sleep`` unusable.

- delta-seconds (ASCII digits, a fraction accepted): that many seconds;
- an HTTP date: the seconds until then, 0 once it has passed;
- anything else (``nan``, ``inf``, negative, ``1e3``, words): no usable value, so the
  wrapper's own exponential backoff applies, as if the header were absent.

Before, ``Retry-After: nan`` reached ``time.sleep`` and raised out of ``tool.invoke``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from itertools import count

import pytest

from langchain_billbee import BillbeeGetOrderStatesTool
from langchain_billbee._retry import BASE_DELAY_S
from tests.helpers import call
from tests.hostile._servers import Exchange, HostileServer, Serve
from tests.hostile._support import wrapper_for


def _throttled_once(serve: Serve, retry_after: str) -> HostileServer:
    calls = count()

    def answer(exchange: Exchange) -> None:
        if next(calls) == 0:
            exchange.reply(429, headers={"Retry-After": retry_after})
        else:
            exchange.reply(json_body=[{"Id": 1, "Name": "Bestellt"}])

    return serve(answer)


def _http_date(offset_s: float) -> str:
    return format_datetime(datetime.now(timezone.utc) + timedelta(seconds=offset_s), usegmt=True)


UNUSABLE = ["nan", "NaN", "inf", "-Infinity", "-1", "-0.5", "1e3", "1e999", "soon", "0x1F",
            "\u0663", "5 seconds", "Mon, 99 Foo 2024 25:61:61 GMT"]  # fmt: skip


@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), ("1.5", 1.5), ("0", 0.0)])
def test_delta_seconds_are_waited_as_given(serve: Serve, header: str, expected: float) -> None:
    sleeps: list[float] = []
    api = wrapper_for(_throttled_once(serve, header), max_retries=1, sleep=sleeps.append)

    assert len(api.get_order_states()) == 1
    assert sleeps == [expected]


@pytest.mark.parametrize("header", UNUSABLE)
def test_an_unusable_value_means_the_usual_backoff(serve: Serve, header: str) -> None:
    sleeps: list[float] = []
    api = wrapper_for(
        _throttled_once(serve, header), max_retries=1, sleep=sleeps.append, jitter=lambda d: d
    )

    assert len(api.get_order_states()) == 1
    assert sleeps == [BASE_DELAY_S]


def test_an_http_date_means_the_seconds_until_then(serve: Serve) -> None:
    sleeps: list[float] = []
    api = wrapper_for(_throttled_once(serve, _http_date(30)), max_retries=1, sleep=sleeps.append)

    api.get_order_states()

    assert len(sleeps) == 1 and 20.0 < sleeps[0] <= 30.0


def test_an_http_date_in_the_past_means_now(serve: Serve) -> None:
    sleeps: list[float] = []
    api = wrapper_for(_throttled_once(serve, _http_date(-600)), max_retries=1, sleep=sleeps.append)

    api.get_order_states()

    assert sleeps == [0.0]


@pytest.mark.parametrize("header", ["nan", "-1", "inf"])
def test_a_tool_with_real_sleeping_survives_an_unusable_value(serve: Serve, header: str) -> None:
    tool = BillbeeGetOrderStatesTool(
        api_wrapper=wrapper_for(_throttled_once(serve, header), max_retries=1)
    )

    message = call(tool)

    assert message.status == "success", message.content
