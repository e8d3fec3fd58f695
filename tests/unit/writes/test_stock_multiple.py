"""``update_stock_multiple``: batches, per-item results, the expected-quantity guard, dry runs,
and one audit record per item."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from langchain_billbee import audit
from langchain_billbee._stock_batch import MAX_STOCK_ITEMS, STOCK_BATCH_SIZE
from tests.unit.core.fakes import SECRETS, USERNAME, Reply, ScriptedAdapter, envelope, make_api
from tests.unit.writes._fakes import (
    echo_batch,
    item_refusal,
    product_reply,
    product_wire,
    stock_item_result,
)

BATCH_PATH = "/api/v1/products/updatestockmultiple"


def items(count: int) -> list[dict[str, Any]]:
    return [{"sku": f"KR-{i:02d}-250", "new_quantity": 40 + i} for i in range(count)]


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_120_items_go_out_in_three_requests_of_at_most_50(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(default=echo_batch)
    api = make_api(adapter, audit_log=tmp_path / "audit.jsonl")
    outcomes = api.update_stock_multiple(items(120), reason="Inventur")
    assert adapter.paths() == [BATCH_PATH] * 3
    sizes = [len(adapter.json_body(i)) for i in range(3)]
    assert sizes == [STOCK_BATCH_SIZE, STOCK_BATCH_SIZE, 20]
    assert adapter.json_body(0)[0] == {"Sku": "KR-00-250", "NewQuantity": 40, "Reason": "Inventur"}
    assert [o.outcome for o in outcomes] == ["done"] * 120
    assert [(o.sku, o.old_stock, o.current_stock) for o in outcomes[:2]] == [
        ("KR-00-250", 5, 40),
        ("KR-01-250", 5, 41),
    ]
    lines = audit_lines(tmp_path / "audit.jsonl")
    assert len(lines) == 120  # one record per item
    assert len({line["batch"]["id"] for line in lines}) == 1
    assert lines[7]["record"]["SKU"] == "KR-07-250" and lines[7]["batch"]["index"] == 7
    assert lines[7]["before"] == {"StockCurrent": "5"}
    assert lines[7]["after"] == {"StockCurrent": "47"}
    assert lines[7]["attempts"] == 1 and lines[7]["outcome"] == "done"


def test_a_refused_item_is_named_and_the_others_land() -> None:
    answer = [
        stock_item_result("A", 1, 10),
        item_refusal("Article with SKU B not found"),
        stock_item_result("C", 3, 30),
    ]
    adapter = ScriptedAdapter(Reply(json_body=answer))
    outcomes = make_api(adapter).update_stock_multiple(
        [{"sku": s, "new_quantity": q} for s, q in (("A", 10), ("B", 20), ("C", 30))]
    )
    assert [o.outcome for o in outcomes] == ["done", "refused", "done"]
    assert outcomes[1].sku == "B"
    assert outcomes[1].message == "Billbee refused it: Article with SKU B not found"


def test_items_missing_from_the_answer_may_have_landed() -> None:
    adapter = ScriptedAdapter(Reply(json_body=[stock_item_result("A", 1, 10)]))
    outcomes = make_api(adapter).update_stock_multiple(
        [{"sku": "A", "new_quantity": 10}, {"sku": "B", "new_quantity": 20}]
    )
    assert [o.outcome for o in outcomes] == ["done", "may_have_landed"]


def test_a_failed_batch_request_stops_the_later_ones(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(Reply(503), default=echo_batch)
    api = make_api(adapter, max_retries=0, audit_log=tmp_path / "audit.jsonl")
    outcomes = api.update_stock_multiple(items(60))
    assert adapter.paths() == [BATCH_PATH]  # the second batch was never sent
    assert {o.outcome for o in outcomes[:50]} == {"may_have_landed"}
    assert {o.outcome for o in outcomes[50:]} == {"failed"}
    why = "an earlier batch request failed (BillbeeServerError HTTP 503)"
    assert why in str(outcomes[55].message)
    lines = audit_lines(tmp_path / "audit.jsonl")
    assert (lines[0]["outcome"], lines[0]["attempts"]) == ("may_have_landed", 1)
    assert (lines[55]["outcome"], lines[55]["attempts"]) == ("failed", 0)


def test_retried_batch_counts_its_attempts(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(Reply(503), default=echo_batch)
    api = make_api(adapter, max_retries=2, audit_log=tmp_path / "audit.jsonl")
    outcomes = api.update_stock_multiple(items(2))
    assert [o.outcome for o in outcomes] == ["done", "done"]
    assert [line["attempts"] for line in audit_lines(tmp_path / "audit.jsonl")] == [2, 2]


def test_expected_quantity_guard_reads_then_skips_a_changed_item() -> None:
    products = [product_wire(i, stock="11" if i == 1 else "12") for i in range(1, 6)]
    listing = envelope(
        json.loads(json.dumps(products, default=str)),
        paging={"Page": 1, "TotalPages": 1, "TotalRows": 5, "PageSize": 250},
    )
    adapter = ScriptedAdapter(Reply(json_body=listing), default=echo_batch)
    changes = [
        {"sku": f"KR-{i:02d}-250", "new_quantity": 40, "expected_quantity": 12} for i in range(1, 5)
    ]
    outcomes = make_api(adapter).update_stock_multiple([*changes, {"sku": "X", "new_quantity": 1}])
    # Four products to check: one catalogue page is cheaper than four single reads.
    assert adapter.paths() == ["/api/v1/products", BATCH_PATH]
    assert [i["Sku"] for i in adapter.json_body()] == ["KR-02-250", "KR-03-250", "KR-04-250", "X"]
    assert outcomes[0].outcome == "refused"
    assert outcomes[0].message == "stock is 11 now, not 12 as expected; nothing written"
    assert [o.outcome for o in outcomes[1:]] == ["done"] * 4


def test_few_guarded_items_are_read_one_by_one() -> None:
    adapter = ScriptedAdapter(product_reply(1), product_reply(2), default=echo_batch)
    changes = [{"sku": f"KR-0{i}-250", "new_quantity": 4, "expected_quantity": 12} for i in (1, 2)]
    outcomes = make_api(adapter).update_stock_multiple(changes)
    assert adapter.paths() == [
        "/api/v1/products/KR-01-250", "/api/v1/products/KR-02-250", BATCH_PATH,
    ]  # fmt: skip
    assert adapter.query(0) == [("lookupBy", "sku")]
    assert [o.outcome for o in outcomes] == ["done", "done"]


def test_a_product_named_by_id_is_read_for_its_sku() -> None:
    adapter = ScriptedAdapter(product_reply(9), default=echo_batch)
    outcomes = make_api(adapter).update_stock_multiple(
        [{"billbee_product_id": 300000065756009, "new_quantity": 3}]
    )
    assert adapter.paths() == ["/api/v1/products/300000065756009", BATCH_PATH]
    assert adapter.json_body() == [
        {"Sku": "KR-09-250", "NewQuantity": 3, "BillbeeId": 300000065756009}
    ]
    assert outcomes[0].outcome == "done"


def test_dry_run_reads_and_sends_no_write(tmp_path: Path) -> None:
    adapter = ScriptedAdapter(product_reply(1), product_reply(2))
    api = make_api(adapter, dry_run=True, audit_log=tmp_path / "audit.jsonl")
    outcomes = api.update_stock_multiple(
        [{"sku": "KR-01-250", "new_quantity": 40}, {"sku": "KR-02-250", "new_quantity": 12}]
    )
    assert [r.method for r in adapter.requests] == ["GET", "GET"]
    assert [(o.outcome, o.old_stock, o.current_stock) for o in outcomes] == [
        ("not_sent", Decimal(12), Decimal(40)),
        ("not_sent", Decimal(12), Decimal(12)),
    ]
    lines = audit_lines(tmp_path / "audit.jsonl")
    assert [line["dry_run"] for line in lines] == [True, True]
    assert lines[0]["before"] == {"StockCurrent": "12"}
    assert lines[0]["after"] == {"StockCurrent": "40"}


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ([], "at least one"),
        ([{"sku": "A", "new_quantity": 1}, {"sku": "A", "new_quantity": 2}], "twice"),
        ([{"new_quantity": 1}], "sku or billbee_product_id"),
        ([{"sku": "A", "new_quantity": -1}], ">= 0"),
        ([{"sku": "A", "new_quantity": 1}] * (MAX_STOCK_ITEMS + 1), f"at most {MAX_STOCK_ITEMS}"),
    ],
)
def test_bad_items_are_refused_before_any_request(changes: list[Any], match: str) -> None:
    adapter = ScriptedAdapter()
    with pytest.raises(ValueError, match=match):
        make_api(adapter).update_stock_multiple(changes)
    assert adapter.requests == []


def test_audit_records_carry_no_credentials(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    adapter = ScriptedAdapter(default=echo_batch)
    with caplog.at_level(logging.INFO, logger=audit.AUDIT_LOGGER_NAME):
        make_api(adapter, audit_log=tmp_path / "a.jsonl").update_stock_multiple(items(3))
    text = (tmp_path / "a.jsonl").read_text() + caplog.text
    assert len(caplog.records) == 3
    for secret in (*SECRETS, USERNAME):
        assert secret not in text
